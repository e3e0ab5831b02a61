from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hub.demo import demo_data_load


class Command(BaseCommand):
    help = "Load demo areas, teams, agencies and one user per role (idempotent; DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Load even with DEBUG off (never in production).")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo users with DEBUG off. Use --force only on a test machine.")
        loaded = demo_data_load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in at http://127.0.0.1:8000/ as:"))
        for demo, password in loaded:
            self.stdout.write(f"  {demo.username:<16} {password:<18} {demo.role.label}")
