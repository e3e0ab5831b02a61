"""python manage.py export_annex_a: the file, its rows, and the audit row each export leaves."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from hub.models import AuditEvent
from reporting.annex_a import LISTS


def export(tmp_path, *extra: str, file_format: str = "csv", number: int = 3) -> tuple:
    output = tmp_path / f"list.{file_format}"
    args = ["--list", str(number), "--start", "2026-04-01", "--end", "2026-09-30", "--format", file_format]
    call_command("export_annex_a", *args, "--output", str(output), *extra)
    return output


def test_it_writes_the_list_as_csv_with_the_published_headers(year, tmp_path) -> None:
    output = export(tmp_path, "--area", "lancashire")
    header, *rows = list(csv.reader(output.open(encoding="utf-8")))
    assert tuple(header) == LISTS[3].headers
    assert [row[5] for row in rows] == ["04/05/2026", "04/05/2026", "20/09/2026"]


def test_every_area_is_exported_when_none_is_named(year, tmp_path) -> None:
    _, *rows = list(csv.reader(export(tmp_path).open(encoding="utf-8")))
    assert len(rows) == 4  # Lancashire's three referrals and Zed's in Luton


def test_it_records_the_export_with_the_list_period_and_rows_but_no_names(year, tmp_path, lancashire) -> None:
    export(tmp_path, "--area", "lancashire")
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert (event.object_type, event.object_id, event.via, event.actor) == (
        "hub.area",
        str(lancashire.pk),
        "command",
        None,
    )
    assert event.detail == {"annex_a_list": 3, "first": "2026-04-01", "last": "2026-09-30", "format": "csv", "rows": 3}
    assert "Ava" not in str(event.detail) and "Smith" not in str(event.detail)


def test_it_writes_a_workbook_with_the_notes_on_a_second_sheet(year, tmp_path) -> None:
    book = load_workbook(export(tmp_path, "--area", "lancashire", file_format="xlsx", number=2))
    assert book.sheetnames == ["List 2", "Notes"]
    assert [cell.value for cell in next(book["List 2"].iter_rows())] == list(LISTS[2].headers)
    assert book["List 2"].max_row == 1
    assert any(str(row[0].value).startswith("Not held") for row in book["Notes"].iter_rows())


def test_it_prints_the_notes_beside_a_csv(year, tmp_path, capsys) -> None:
    export(tmp_path, "--area", "lancashire")
    printed = capsys.readouterr().out
    assert "3 rows" in printed
    assert "exclude the current event" in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-09-30", "--end", "2026-04-01"], "end date must be the same as or after"),
        (["--start", "2026-04-31", "--end", "2026-09-30"], "Enter a date as YYYY-MM-DD"),
        (["--start", "2026-04-01", "--end", "2026-09-30", "--area", "atlantis"], "No area has the slug"),
    ],
)
def test_it_refuses_a_bad_period_or_area(db, tmp_path, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("export_annex_a", "--list", "1", *args, "--output", str(tmp_path / "x.csv"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
