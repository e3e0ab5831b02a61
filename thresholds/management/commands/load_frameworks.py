from django.core.management.base import BaseCommand
from django.db import transaction

from thresholds.loader import frameworks_load


class Command(BaseCommand):
    help = "Load the shipped threshold frameworks and area settings (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            done = frameworks_load()
        for line in done:
            self.stdout.write(f"  loaded {line}")
        self.stdout.write(self.style.SUCCESS("Frameworks up to date." if not done else "Frameworks loaded."))
