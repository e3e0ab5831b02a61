from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from deadlines.clocks import clocks_decorate
from hub.audit import audit_listed, audit_record
from hub.models import AuditEvent

from ..selectors import TABS, URGENT_TAB, queue, urgent_calls
from .access import worker_only

FILTERS = ("level", "urgent", "worker", "overdue", "oversight")


@worker_only
def queue_view(request: HttpRequest) -> HttpResponse:
    """The work tray: a tab per stage, filters, immediate risk and the nearest deadline first."""
    # What was asked for goes into the audit trail, whose JSON cannot hold a NUL.
    tab = request.GET.get("tab", "new").replace("\x00", "")
    filters = {key: request.GET.get(key, "").replace("\x00", "") for key in FILTERS}
    rows, counts = queue(user=request.user, tab=tab, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    clocks_decorate(page.object_list, request.user.area)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.SEARCH,
        obj=request.user,
        detail={"queue": tab, **{k: v for k, v in filters.items() if v}},
    )
    audit_listed(actor=request.user, objects=page.object_list, listed_in="queue")
    calls = list(urgent_calls(request.user))
    if tab == URGENT_TAB:
        audit_listed(actor=request.user, objects=calls, listed_in="queue")
    counts[URGENT_TAB] += len(calls)
    context = {
        "calls": calls if tab == URGENT_TAB else [],
        "tabs": [(key, label, counts[key]) for key, label, _ in TABS],
        "tab": tab,
        "page": page,
        "filters": filters,
        "query": "&".join(f"{k}={v}" for k, v in filters.items() if v),
        "page_title": "Queue",
    }
    return render(request, "triage/queue.html", context)
