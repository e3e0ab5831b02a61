"""Exports as background jobs: start one, run it, and sweep up after them
(docs/decisions/0016-export-jobs.md).

The row is the truth. Starting a job writes it and hands its id to the broker once the
transaction commits; if the broker is down the job simply stays queued, and the sweep hands it
over again a minute later. Running a job claims it first (only a queued job can be claimed, so a
message delivered twice runs once), streams the rows to a temporary file, and only when the whole
file is written moves it to private storage and marks the job ready. Anything that goes wrong
leaves the job failed with a message a manager can act on, and no file.
"""

import datetime as dt
import io
import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import BinaryIO

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from hub.audit import audit_record
from hub.models import Area, AuditEvent, User

from .annex_a import LISTS, annex_a_notes
from .annex_a_files import EXPORT_PERMISSION, annex_a_export, annex_a_filename, csv_lines, xlsx_write
from .cin_census import CensusYear, cin_census_write
from .models import RETENTION, ExportJob

log = logging.getLogger(__name__)

RUN_TASK = "reporting.export_job_run"
# A queued job untouched this long lost its message (or never had one): the sweep queues it again.
REQUEUE_AFTER = dt.timedelta(minutes=1)
# A running job whose progress has not moved this long belonged to a worker that died.
STALLED_AFTER = dt.timedelta(minutes=15)
SAME_EXPORT_WITHIN = dt.timedelta(minutes=1)  # a second click, not a new request
# Exported files hold children's details: they are kept this long, then deleted by the sweep.
# Progress is written every this many rows or seconds, whichever comes first, not per row. At 200 rows a
# county's 50,000 contacts wrote it 250 times, an eighth of the job (docs/performance.md, "Exports").
PROGRESS_ROWS = 2_000
PROGRESS_SECONDS = 1.0

FAULT = (
    "The export stopped because of a fault, and no file was kept. Start it again; if it fails again, "
    "tell the service desk the export's reference."
)
NO_LONGER_ALLOWED = "You no longer have the right to export for all the areas this export covers."
STALLED = "The export stopped before it finished, and no file was kept. Start it again."


def _title(kind: str, arguments: dict) -> tuple[str, str]:
    """What the export is, in words, and the name its file is downloaded as."""
    if kind == ExportJob.Kind.CIN_CENSUS:
        census = CensusYear(arguments["year"])
        return (
            f"Children in Need census {census.start.year} to {census.year}",
            f"cin-census-{census.year}.xml",
        )
    a_list = LISTS[arguments["number"]]
    first, last = dt.date.fromisoformat(arguments["first"]), dt.date.fromisoformat(arguments["last"])
    title = (
        f"Annex A list {a_list.number} ({a_list.title}), {first.day} {first:%B %Y} to {last.day} {last:%B %Y}, "
        f"{arguments['file_format'].upper()}"
    )
    return title, annex_a_filename(a_list, first, last, arguments["file_format"])


def _queue(job_id: uuid.UUID) -> bool:
    """Hand the job to a worker; False if the broker cannot be reached, when the job stays queued
    for the sweep. Queued by name: the task module imports this one."""
    try:
        current_app.send_task(RUN_TASK, args=[str(job_id)])
    except (OperationalError, OSError) as error:
        log.warning("export job %s stays queued: the broker cannot be reached (%s)", job_id, type(error).__name__)
        return False
    return True


def export_job_start(*, by: User, kind: str, arguments: dict) -> ExportJob:
    """Record that `by` asked for an export and queue it. `arguments` are the export's choices
    as JSON (dates as ISO strings) with the `area_ids` it covers, which must all be theirs."""
    area_ids = set(arguments.get("area_ids") or [])
    if not by.has_perm(EXPORT_PERMISSION) or not area_ids or not area_ids <= by.area_ids:
        raise PermissionDenied("Only managers may export returns, for the areas they cover.")
    title, filename = _title(kind, arguments)
    arguments = {**arguments, "area_ids": sorted(area_ids)}
    with transaction.atomic():
        # One export start at a time for each person, so a double submit finds the job its first
        # click made (still waiting or running) and gets that, not a second copy of the same file.
        list(User.objects.select_for_update().filter(pk=by.pk).values_list("pk", flat=True))
        same = ExportJob.objects.filter(
            requested_by=by,
            kind=kind,
            arguments=arguments,
            state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING],
            requested_at__gte=timezone.now() - SAME_EXPORT_WITHIN,
        ).first()
        if same is not None:
            return same
        job = ExportJob.objects.create(
            requested_by=by,
            kind=kind,
            arguments=arguments,
            title=title,
            filename=filename,
            queued_at=timezone.now(),
        )
        audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=job, detail={"export": kind, **job.arguments})
        # After commit, so a worker never looks for a job that is not there yet. A broker that
        # cannot be reached leaves the job queued, for the sweep to hand over a minute later.
        transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


class ExportProgress:
    """Told of every row, writes the job's progress now and then: the first call, every
    PROGRESS_ROWS rows or PROGRESS_SECONDS, and the last row."""

    def __init__(self, job_id: uuid.UUID) -> None:
        self.job_id = job_id
        self.written: int | None = None
        self.at = 0.0
        self.done = 0  # the last count told, written or not

    def __call__(self, done: int, total: int) -> None:
        self.done = done
        now = time.monotonic()
        due = self.written is None or done == total or done - self.written >= PROGRESS_ROWS
        if not due and now - self.at < PROGRESS_SECONDS:
            return
        ExportJob.objects.filter(pk=self.job_id, state=ExportJob.State.RUNNING).update(
            done=done, total=total, progress_at=timezone.now()
        )
        self.written, self.at = done, now


def _write_annex_a(job: ExportJob, out: BinaryIO, progress: Callable[[int, int], None]) -> None:
    arguments = job.arguments
    a_list, rows = annex_a_export(
        number=arguments["number"],
        areas=list(Area.objects.filter(pk__in=job.area_ids).order_by("pk")),
        first=dt.date.fromisoformat(arguments["first"]),
        last=dt.date.fromisoformat(arguments["last"]),
        file_format=arguments["file_format"],
        by=job.requested_by,
        via="job",
        progress=progress,
    )
    if arguments["file_format"] == "xlsx":
        xlsx_write(a_list, rows, annex_a_notes(a_list), out)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    text.writelines(csv_lines(a_list.headers, rows))
    text.flush()
    text.detach()  # the temporary file stays open for the caller


def _write_census(job: ExportJob, out: BinaryIO, progress: Callable[[int, int], None]) -> None:
    if not job.requested_by.has_perm(EXPORT_PERMISSION) or not set(job.area_ids) <= job.requested_by.area_ids:
        raise PermissionDenied(NO_LONGER_ALLOWED)
    text = io.TextIOWrapper(out, encoding="utf-8")
    cin_census_write(
        area_ids=job.area_ids,
        year=job.arguments["year"],
        out=text,
        by=job.requested_by,
        via="job",
        progress=progress,
    )
    text.flush()
    text.detach()


WRITERS = {ExportJob.Kind.ANNEX_A: _write_annex_a, ExportJob.Kind.CIN_CENSUS: _write_census}


def _fail(job_id: uuid.UUID, message: str) -> None:
    ExportJob.objects.filter(pk=job_id, state=ExportJob.State.RUNNING).update(
        state=ExportJob.State.FAILED, error=message, finished_at=timezone.now(), file=""
    )


def export_job_run(*, job_id: uuid.UUID | str) -> bool:
    """Run one queued job to the end. Returns whether this call ran it: False when another
    worker claimed it first, or it is not queued (already run, failed or expired)."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.RUNNING, started_at=now, progress_at=now
    )
    if not claimed:
        return False  # another worker got there first, or a repeated message for a finished job
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    progress = ExportProgress(job.pk)
    # The row learns its file's name before the file exists, so a worker killed while saving
    # leaves a file the stalled-job sweep can find and delete, never one nothing points to.
    stored = job.file.field.generate_filename(job, f"{job.pk}-{job.filename}")
    ExportJob.objects.filter(pk=job.pk).update(file=stored)
    try:
        with tempfile.TemporaryFile() as spool:
            WRITERS[job.kind](job, spool, progress)
            spool.seek(0)
            name = job.file.storage.save(stored, File(spool, name=job.filename))
    except PermissionDenied:
        _fail(job.pk, NO_LONGER_ALLOWED)
        _file_discard(stored)
        return True
    except Exception:
        log.exception("export job %s failed", job.pk)
        _fail(job.pk, FAULT)
        _file_discard(stored)
        return True
    # The count written is what the file holds, even if records arrived after the total was counted.
    ready = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
        state=ExportJob.State.READY, file=name, finished_at=timezone.now(), done=progress.done, total=progress.done
    )
    if not ready:
        job.file.storage.delete(name)  # the sweep gave up on it meanwhile: keep no orphan file
    log.info("export job %s %s", job.pk, "ready" if ready else "finished after it was given up")
    return True


def export_jobs_requeue(*, now: dt.datetime) -> int:
    """Queue again the jobs still waiting a minute after they were last handed over."""
    waiting = list(
        ExportJob.objects.filter(state=ExportJob.State.QUEUED, queued_at__lt=now - REQUEUE_AFTER).values_list(
            "pk", flat=True
        )
    )
    for pk in waiting:
        ExportJob.objects.filter(pk=pk, state=ExportJob.State.QUEUED).update(queued_at=now)
        _queue(pk)  # a broker still away: the next sweep tries again
    return len(waiting)


def export_jobs_fail_stalled(*, now: dt.datetime) -> int:
    """Give up on the jobs whose worker went quiet, deleting whatever file it began."""
    stalled = ExportJob.objects.filter(state=ExportJob.State.RUNNING, progress_at__lt=now - STALLED_AFTER)
    given_up = 0
    for job in stalled:
        given_up += ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.FAILED, error=STALLED, finished_at=now, file=""
        )
        _file_discard(job.file.name)
    return given_up


def _file_discard(name: str) -> None:
    """Delete a file a job began and will not finish, if there is one."""
    if name:
        try:
            ExportJob._meta.get_field("file").storage.delete(name)
        except OSError:
            log.warning("export file %s could not be deleted", name)


def export_jobs_expire(*, now: dt.datetime) -> int:
    """Delete the files kept past RETENTION. The row stays, for the record of who exported what."""
    expired = 0
    for job in ExportJob.objects.filter(state=ExportJob.State.READY, finished_at__lt=now - RETENTION):
        # The file first, the row after: a delete that fails leaves the row pointing at the file,
        # for the next sweep to try again, never a file nothing points to. (Downloads are refused
        # from the moment it expires, whatever the sweep has done: ExportJob.downloadable.)
        if job.file.name:
            try:
                job.file.storage.delete(job.file.name)
            except OSError:
                log.warning("export job %s: its expired file could not be deleted yet", job.pk)
                continue
        expired += ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.READY).update(
            state=ExportJob.State.EXPIRED, file=""
        )
    return expired


def export_jobs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every minute: queue what was lost, give up on what stalled, delete what has expired."""
    now = now or timezone.now()
    return {
        "requeued": export_jobs_requeue(now=now),
        "stalled": export_jobs_fail_stalled(now=now),
        "expired": export_jobs_expire(now=now),
    }


def export_job_downloaded(*, job: ExportJob, by: User) -> None:
    """Record who downloaded the file: each download is a copy of children's details leaving."""
    audit_record(
        actor=by,
        action=AuditEvent.Action.DOWNLOAD,
        obj=job,
        detail={"export": job.kind, "filename": job.filename, "area_ids": job.area_ids},
    )
