from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from deadlines.clocks import clocks_decorate
from hub.audit import audit_listed
from lib.paging import CountedPaginator

from ..header import staff_counts
from ..queue import PAGE_SIZE, TAB_LABELS, TAB_STATES, TABS, URGENT_TAB, queue
from ..queue_entry import queue_children_attach
from ..queue_rows import queue_columns, queue_headings, queue_rows, queue_tabs
from ..selectors import urgent_calls
from ..services import requests_claim_or_assign
from ..worklist import queue_worker, staff_requests
from .access import worker_only

FILTERS = ("level", "urgent", "worker", "overdue", "oversight", "sort")
# What was searched for is kept in the session, never in the address: a child's
# name or date of birth in a URL ends up in browser history and server logs.
SEARCH_KEY = "queue_search"


@worker_only
def queue_view(request: HttpRequest) -> HttpResponse:
    """The work tray: a tab per stage, search, filters, sorting, and bulk claim or assign."""
    # What was asked for reaches queries and the audit trail, neither of which can hold a NUL.
    if request.method == "POST":
        request.session[SEARCH_KEY] = request.POST.get("q", "").replace("\x00", "").strip()[:100]
        return redirect(request.get_full_path())
    tab = request.GET.get("tab", "new")
    tab = tab if tab in TAB_STATES else "new"
    filters = {key: request.GET.get(key, "").replace("\x00", "") for key in FILTERS}
    search = request.session.get(SEARCH_KEY, "")
    rows, counts = queue(user=request.user, tab=tab, q=search, **filters)
    page = CountedPaginator(rows, PAGE_SIZE, count=counts[tab]).get_page(request.GET.get("page"))
    clocks_decorate(page.object_list)
    queue_children_attach(page.object_list)
    detail = {"queue": tab, "searched": bool(search), **{k: v[:20] for k, v in filters.items() if v}}
    # The urgent tab's count of phoned referrals, and the workers' menus, come with the header's counts.
    header = staff_counts(request, queue=True)
    calls = urgent_calls(request.user) if tab == URGENT_TAB else []
    audit_listed(actor=request.user, objects=[*page.object_list, *calls], listed_in="queue", searched=detail)
    counts[URGENT_TAB] += len(calls) if tab == URGENT_TAB else header.calls  # the tab's count is its list's
    query = urlencode({k: v for k, v in filters.items() if v and k != "sort"})
    context = {
        "calls": calls,
        "tabs": queue_tabs([(key, label, counts[key]) for key, label, _ in TABS], current=tab, query=query),
        "tab": tab,
        "tab_label": TAB_LABELS[tab],
        "page": page,
        "rows": queue_rows(page.object_list),
        "headings": queue_headings(queue_columns(tab=tab, sort=filters["sort"], query=query)),
        "filters": filters,
        "search": search,
        "workers": header.workers,
        "query": query,
        "paging": urlencode({"tab": tab, **{k: v for k, v in filters.items() if v}}),
        "page_title": "Queue",
    }
    return render(request, "triage/queue.html", context)


def _back(request: HttpRequest) -> str:
    """The queue as it was, rebuilt from its own filters: never an address from the form."""
    kept = {k: v for k, v in parse_qsl(request.POST.get("back", "")) if k in {*FILTERS, "tab", "page"}}
    return f"{reverse('triage:queue')}?{urlencode(kept)}"


@worker_only
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Claim the ticked requests, or (managers) assign them to one worker."""
    chosen = staff_requests(user=request.user, references=request.POST.getlist("requests"))
    to = None
    if request.POST.get("bulk") == "assign":
        to = queue_worker(request.user, request.POST.get("to", ""))
        if to is None or not request.user.has_perm("hub.assign_work"):
            messages.error(request, "Choose who to assign the requests to")
            return redirect(_back(request))
    if not chosen:
        messages.error(request, "Select at least one request")
        return redirect(_back(request))
    problems = requests_claim_or_assign(requests=chosen, by=request.user, to=to)
    done = len(chosen) - len(problems)
    verb = f"assigned to {to.display_name}" if to else "claimed"
    if done:
        messages.success(request, f"{done} request{'s' if done != 1 else ''} {verb}.")
    for problem in problems:
        messages.error(request, problem)
    return redirect(_back(request))
