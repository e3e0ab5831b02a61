from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.models import Area
from reporting.cin_census import cin_census_write


class Command(BaseCommand):
    help = "Write the DfE Children in Need census return for one local authority as XML."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--year", type=int, required=True, help="Collection year: 2026 is April 2025 to March 2026."
        )
        parser.add_argument("--output", type=Path, required=True, help="The XML file to write.")
        parser.add_argument("--area", help="The area's slug; needed when the service runs more than one area.")

    def handle(self, *args, year: int, output: Path, area: str | None, **options) -> None:
        areas = Area.objects.filter(slug=area) if area else Area.objects.all()
        if area and not areas.exists():
            raise CommandError(f"No area with the slug {area!r}.")
        if not area and areas.count() != 1:
            raise CommandError("Name the area with --area: the census is one return per local authority.")
        try:
            with output.open("w", encoding="utf-8") as out:
                count = cin_census_write(area_ids=list(areas.values_list("pk", flat=True)), year=year, out=out)
        except ValueError as error:
            output.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} children to {output}."))
