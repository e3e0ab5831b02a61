"""Writing an Annex A list as a file, and recording each export in the audit trail.

The rows are streamed from the database to the file, so memory stays flat for a county's year.
A CSV holds the header row and the rows only, as Ofsted's template and the LIIA tools read it;
the notes go beside it (the command prints them, the page shows them). A workbook carries them
on a second sheet.
"""

import csv
import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db.models import Count

from hub.audit import audit_record
from hub.models import Area, AuditEvent, User

from .annex_a import LISTS, annex_a_rows
from .annex_a_columns import AnnexAList
from .xlsx_stream import xlsx_stream_write

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXPORT_PERMISSION = "hub.export_returns"
# A cell a spreadsheet would read as a formula is written as text (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """csv.writer writes to this and hands back each line, for streaming."""

    def write(self, line: str) -> str:
        return line


def csv_lines(headers: Iterable[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


def xlsx_write(a_list: AnnexAList, rows: Iterable[list], notes: list[str], target: BinaryIO) -> None:
    """A workbook written row by row: the list, then its notes on a second sheet. Every cell is
    text or a number as the row has it (dates are already text, day first, as the template writes
    them): never a formula, a date or a link worked out from text."""
    listed = itertools.chain([a_list.headers], ([_cell(value) for value in row] for row in rows))
    xlsx_stream_write(target, [(f"List {a_list.number}", listed), ("Notes", ([note] for note in notes))])


def xlsx_spooled(a_list: AnnexAList, rows: Iterable[list], notes: list[str]) -> BinaryIO:
    """A workbook is a zip, finished before it can be sent: kept in memory up to a few megabytes,
    on disk past that. Whoever sends it closes it (FileResponse does)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    xlsx_write(a_list, rows, notes, spool)
    spool.seek(0)
    return spool


def annex_a_filename(a_list: AnnexAList, first: dt.date, last: dt.date, file_format: str) -> str:
    return f"annex-a-list-{a_list.number}-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.{file_format}"


def annex_a_export(
    *,
    number: int,
    areas: list[Area],
    first: dt.date,
    last: dt.date,
    file_format: str,
    by: User | None,
    via: str = "web",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[AnnexAList, Iterator[list]]:
    """Start an export: check the person may make it, record it (one audit row per area, with the
    list, the period and how many rows, never a name), and hand back the list and its rows.
    `progress(done, total)` is told of each row as it is read (a job writes it now and then)."""
    if by is not None and not (by.has_perm(EXPORT_PERMISSION) and {area.pk for area in areas} <= by.area_ids):
        raise PermissionDenied("Only managers may export returns, for the areas they cover.")
    if last < first:
        raise ValueError("The end of the period must be the same as or after its start.")
    a_list = LISTS[number]
    area_ids = [area.pk for area in areas]
    counted = a_list.records(area_ids, first, last).order_by().values(a_list.area_field).annotate(n=Count("pk"))
    rows_per_area = {entry[a_list.area_field]: entry["n"] for entry in counted}
    for area in areas:
        detail = {
            "annex_a_list": number,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "format": file_format,
            "rows": rows_per_area.get(area.pk, 0),
        }
        audit_record(actor=by, action=AuditEvent.Action.EXPORT, obj=area, reference="", via=via, detail=detail)
    rows = annex_a_rows(a_list, area_ids=area_ids, first=first, last=last)
    if progress is not None:
        rows = _reporting(rows, sum(rows_per_area.values()), progress)
    return a_list, rows


def _reporting(rows: Iterator[list], total: int, progress: Callable[[int, int], None]) -> Iterator[list]:
    progress(0, total)
    for done, row in enumerate(rows, start=1):
        yield row
        progress(done, total)
