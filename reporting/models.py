"""Exports that run in the background (docs/decisions/0016-export-jobs.md).

A job is a row: who asked, for what, how far it has gone and where its file is. The database,
not the broker, is the source of truth: a job whose message was lost is still queued here, and
the sweep finds it. The row holds the export's arguments (a list, a period, a year, area ids),
never anything about a child; the file lives in private storage for a limited time, and the
row stays for the record after the file is deleted.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long a ready file is kept. Past it the file is refused whether or not the sweep that deletes
# it has run: a stopped scheduler must not leave a county's children downloadable.
RETENTION = dt.timedelta(days=7)


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        ANNEX_A = "annex_a", "Ofsted Annex A list"
        CIN_CENSUS = "cin_census", "Children in Need census"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Deleted after its time"

    # Opaque, so the page's address says nothing and cannot be counted through.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    arguments = models.JSONField(help_text="The export's choices: list, period, year, format, area ids.")
    title = models.CharField(max_length=200, help_text="What the export is, in words, for the page.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # When the task was last handed to the broker; the sweep hands it again if nothing happened.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Moved by every progress write: a running job that stops moving belonged to a worker that died.
    progress_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=120, help_text="The name the download is given.")
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, help_text="Why it failed, in a manager's words.")

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state", "queued_at"]), models.Index(fields=["requested_by", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.state})"

    @property
    def area_ids(self) -> list[int]:
        return list(self.arguments.get("area_ids", []))

    @property
    def unit(self) -> str:
        """What the progress counts: the census lists children, an Annex A list rows."""
        return "children" if self.kind == self.Kind.CIN_CENSUS else "rows"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED, self.State.EXPIRED)

    @property
    def expires_at(self) -> dt.datetime | None:
        return self.finished_at + RETENTION if self.finished_at and self.state == self.State.READY else None

    @property
    def state_now(self) -> str:
        """The state as a person should be told it: a ready file past its time is expired, even
        before the sweep has deleted it."""
        if self.state == self.State.READY and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.state

    @property
    def state_label(self) -> str:
        return self.State(self.state_now).label

    @property
    def downloadable(self) -> bool:
        return self.state_now == self.State.READY and bool(self.file)
