"""The manager's exports: the forms that start them, and each export's page, where its progress
shows and its file is downloaded when ready (docs/decisions/0016-export-jobs.md)."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hub.access import refuse

from .annex_a import LISTS, annex_a_notes
from .annex_a_files import EXPORT_PERMISSION, FORMATS
from .export_jobs import export_job_downloaded, export_job_start
from .forms import AnnexAForm, CensusForm
from .models import ExportJob
from .selectors import export_job_for, export_jobs_recent

FORM_PAGES = {ExportJob.Kind.ANNEX_A: "reporting:annex-a", ExportJob.Kind.CIN_CENSUS: "reporting:cin-census"}
CONTENT_TYPES = {**FORMATS, "csv": "text/csv; charset=utf-8", "xml": "application/xml"}


def _export_form(request: HttpRequest, form_class, kind: str, template: str, context: dict) -> HttpResponse:
    # A POST, not a link: each export is recorded, and a prefetching browser must not start one.
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = export_job_start(by=request.user, kind=kind, arguments=form.arguments())
        return redirect("reporting:export", job_id=job.pk)
    recent = export_jobs_recent(user=request.user)
    return render(request, template, {"form": form, "recent": recent, **context})


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def annex_a_page(request: HttpRequest) -> HttpResponse:
    lists = [(a_list, annex_a_notes(a_list)) for _, a_list in sorted(LISTS.items())]
    context = {"lists": lists, "page_title": "Ofsted Annex A lists"}
    return _export_form(request, AnnexAForm, ExportJob.Kind.ANNEX_A, "reporting/annex_a.html", context)


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def census_page(request: HttpRequest) -> HttpResponse:
    context = {"page_title": "Children in Need census"}
    return _export_form(request, CensusForm, ExportJob.Kind.CIN_CENSUS, "reporting/census.html", context)


def _status(job: ExportJob) -> dict:
    """What the page shows of a job, for the page and for its script alike."""
    counted = f"{job.done} of {job.total} {job.unit}" if job.total is not None else ""
    return {
        "state": job.state_now,
        "state_label": job.state_label,
        "done": job.done,
        "total": job.total,
        "counted": counted,
        "finished": job.finished,
    }


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def export_page(request: HttpRequest, job_id) -> HttpResponse:
    job = export_job_for(user=request.user, job_id=job_id)
    context = {
        "job": job,
        "status": _status(job),
        "status_url": reverse("reporting:export-status", kwargs={"job_id": job.pk}),
        "form_url": reverse(FORM_PAGES[job.kind]),
        "page_title": job.title,
    }
    return render(request, "reporting/export.html", context)


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def export_status(request: HttpRequest, job_id) -> JsonResponse:
    return JsonResponse(_status(export_job_for(user=request.user, job_id=job_id)))


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def export_download(request: HttpRequest, job_id) -> FileResponse:
    job = export_job_for(user=request.user, job_id=job_id)
    if not job.downloadable:
        refuse()  # nothing to download yet, or any more: the page says which
    try:
        opened = job.file.open("rb")
    except FileNotFoundError:
        refuse()  # gone from storage before the sweep marked it: as good as expired
    export_job_downloaded(job=job, by=request.user)
    content_type = CONTENT_TYPES[job.filename.rsplit(".", 1)[-1]]
    return FileResponse(opened, as_attachment=True, filename=job.filename, content_type=content_type)
