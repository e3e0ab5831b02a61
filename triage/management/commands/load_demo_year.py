import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.services import broker_folders_ensure
from triage.demo_year import demo_year_load


class Command(BaseCommand):
    help = "Load a synthetic year of requests in every state, once (DEBUG only; made-up names)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--per-area", type=int, default=50, help="Requests per area (default 50).")
        parser.add_argument("--force", action="store_true", help="Load even with DEBUG off (never in production).")

    def handle(self, *args, per_area: int, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo requests with DEBUG off. Use --force only on a test machine.")
        broker_folders_ensure()  # the year's notifications are queued for rundev's worker
        started = time.monotonic()
        self.stdout.write("Loading a synthetic year of requests (first run only; a few minutes on SQLite)...")
        made = demo_year_load(per_area=per_area, progress=self.stdout.write)
        if made:
            self.stdout.write(self.style.SUCCESS(f"Loaded {made} demo requests in {time.monotonic() - started:.0f} s."))
        else:
            self.stdout.write("Requests already exist: the demo year was not loaded again.")
