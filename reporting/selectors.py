"""Which export jobs a person may see: a manager, covering every area the job covers."""

from django.db.models import QuerySet

from hub.access import get_or_refuse
from hub.models import User

from .annex_a_files import EXPORT_PERMISSION
from .models import ExportJob


def may_see_export(user: User, job: ExportJob) -> bool:
    """The file holds every child of each area it covers: only a manager covering them all may
    see it, whoever asked for it."""
    return user.has_perm(EXPORT_PERMISSION) and set(job.area_ids) <= user.area_ids


def export_job_for(*, user: User, job_id) -> ExportJob:
    """The job, or the same 404 as a job that does not exist."""
    return get_or_refuse(
        ExportJob.objects.select_related("requested_by"), lambda job: may_see_export(user, job), pk=job_id
    )


def export_jobs_recent(*, user: User, limit: int = 10) -> QuerySet[ExportJob]:
    """The exports this person asked for, newest first."""
    return ExportJob.objects.filter(requested_by=user).order_by("-requested_at")[:limit]
