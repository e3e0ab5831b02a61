"""Thin tasks: each loads by id and calls a service (reporting/export_jobs.py)."""

from celery import shared_task

from .export_jobs import export_job_run, export_jobs_sweep


@shared_task(name="reporting.export_job_run", acks_late=True)
def run_export_job(job_id: str) -> bool:
    return export_job_run(job_id=job_id)


@shared_task(name="reporting.export_jobs_sweep", acks_late=True)
def sweep_export_jobs() -> dict[str, int]:
    """Every minute: queue lost jobs again, give up on stalled ones, delete expired files."""
    return export_jobs_sweep()
