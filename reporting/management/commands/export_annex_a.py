"""python manage.py export_annex_a --list 3 --start 2026-04-01 --end 2026-09-30 --format csv --output list3.csv"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from hub.models import Area
from reporting.annex_a import LISTS, annex_a_notes
from reporting.annex_a_files import FORMATS, annex_a_export, csv_lines, xlsx_write


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Enter a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Write one Ofsted Annex A list for a period, for one area or all of them, and record the export."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--list", type=int, required=True, choices=sorted(LISTS), dest="number")
        parser.add_argument("--start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="Last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv", dest="file_format")
        parser.add_argument("--output", required=True, help="The file to write")
        parser.add_argument("--area", help="An area's slug; every area when left out")

    def handle(self, *, number, start, end, file_format, output, area, **options) -> None:
        first, last = _day(start), _day(end)
        if last < first:
            raise CommandError("The end date must be the same as or after the start date")
        areas = Area.objects.filter(slug=area) if area else Area.objects.all()
        if area and not areas:
            raise CommandError(f"No area has the slug {area!r}")
        a_list, rows = annex_a_export(
            number=number, areas=list(areas), first=first, last=last, file_format=file_format, by=None, via="command"
        )
        notes = annex_a_notes(a_list)
        written = 0

        def counted():
            nonlocal written
            for row in rows:
                written += 1
                yield row

        if file_format == "csv":
            with open(output, "w", newline="", encoding="utf-8") as target:
                target.writelines(csv_lines(a_list.headers, counted()))
        else:
            with open(output, "wb") as target:
                xlsx_write(a_list, counted(), notes, target)
        self.stdout.write(f"Wrote List {number} ({a_list.title}): {written} rows to {output}")
        for note in notes:
            self.stdout.write(f"Note: {note}")
