"""A manager's oversight of one request: who has accessed it, and everything
held about one of its children for a subject access request."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from hub.audit import audit_record
from hub.models import AuditEvent
from hub.selectors import access_log, access_log_people

from ..access_log_rows import access_log_rows
from ..selectors import staff_child, staff_request
from ..services.subject_access import subject_access_export

manager_only = permission_required("hub.view_access_log", raise_exception=True)


@manager_only
def access_log_page(request: HttpRequest, reference: str) -> HttpResponse:
    support_request = staff_request(user=request.user, reference=reference)
    # Read before this visit is recorded, so the page shows what happened up to now: the page's
    # rows and the people are read here, not when the template asks (the paginator counts at once
    # but reads its rows lazily, which cut the oldest row to make room for this visit).
    events = access_log(support_request.reference, since=support_request.received_at)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    people = access_log_people(events)  # everyone across every page, not only this page's hundred
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=support_request, detail={"access_log": True})
    context = {
        "support_request": support_request,
        "page": page,
        "rows": access_log_rows(page.object_list),
        "people": people,
        "page_title": f"Who has accessed {support_request.reference}",
    }
    return render(request, "triage/access_log.html", context)


@permission_required("hub.export_subject_access", raise_exception=True)
@require_POST
def subject_access_download(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    # POST, not a link: an export is recorded, and a prefetching browser must not make one.
    child = staff_child(user=request.user, reference=reference, child_id=child_id)
    archive = subject_access_export(child=child, by=request.user)
    # The file is named by the request and the child's row, never by the child's name.
    filename = f"subject-access-{child.request.reference}-{child.pk}.zip"
    return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
