from django.core.management.base import BaseCommand

from triage.diagram import DOC, workflow_markdown


class Command(BaseCommand):
    help = "Write docs/workflow.md from the state machine's declarations."

    def handle(self, *args, **options) -> None:
        DOC.write_text(workflow_markdown())
        self.stdout.write(f"Wrote {DOC}")
