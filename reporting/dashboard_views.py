"""The manager's dashboard page, and the list of requests behind each of its figures."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hub.access import areas_covered, refuse
from hub.audit import audit_listed, audit_record
from hub.models import AuditEvent

from .dashboard import dashboard_build
from .dashboard_charts import row_bars, week_bars
from .dashboard_figures import figure_rows, timeliness_titles
from .dashboard_forms import DashboardForm
from .dashboard_scope import quick_periods

DASHBOARD_PERMISSION = "hub.view_dashboard"
PER_PAGE = 50


def _link_maker(form: DashboardForm):
    """The address of the list behind a figure: the figure, its own choices, and the page's filters."""
    base = reverse("reporting:dashboard-list")

    def link(figure: str, **params) -> str:
        dates = {name: params.pop(name) for name in ("start", "end") if name in params}
        return f"{base}?{urlencode({'figure': figure, **form.query(**dates), **params})}"

    return link


def _charts(figures: dict, scope) -> dict:
    short = timeliness_titles(scope.area_ids, short=True)
    measures = [{**m, "label": short[m["key"]]} for m in figures["timeliness"]]
    for series in figures["volumes"]["series"]:
        series["chart"] = week_bars(series["bars"], title=f"{series['title']} per week")
    return {
        "agencies": row_bars(figures["sources"]["agencies"], title="Requests by the referrer's agency"),
        "codes": row_bars(figures["sources"]["codes"], title="Requests by census referral source"),
        "timeliness": row_bars(measures, title="Per cent within time", value="percent", suffix="%"),
    }


def _periods(form: DashboardForm) -> list[dict]:
    """Links to the usual periods, keeping the area and team; the one showing is marked current."""
    scope = form.scope()
    return [
        {
            "label": label,
            "url": f"?{urlencode(form.query(start=first, end=last))}",
            "current": (first, last) == (scope.first, scope.last),
        }
        for label, first, last in quick_periods()
    ]


def _audited(form: DashboardForm) -> dict:
    """The filters a dashboard was shown with: chosen ids and dates, never text from the address."""
    if not form.is_valid():
        return {"page": "dashboard", "shown": False}
    scope = form.scope()
    return {
        "page": "dashboard",
        "area": form.cleaned_data["area"],
        "team": form.cleaned_data["team"],
        "first": scope.first.isoformat(),
        "last": scope.last.isoformat(),
    }


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET, areas=list(areas_covered(request.user)))
    context = {"form": form, "page_title": "Dashboard"}
    if form.is_valid():
        figures = dashboard_build(form.scope(), _link_maker(form))
        context |= {
            "figures": figures,
            "charts": _charts(figures, form.scope()),
            "scope": form.scope(),
            "periods": _periods(form),
        }
    # The page shows reasons workers typed about children's work: who looked, and at what, is recorded.
    audit_record(actor=request.user, action=AuditEvent.Action.SEARCH, obj=request.user, detail=_audited(form))
    return render(request, "reporting/dashboard.html", context)


@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def dashboard_list(request: HttpRequest) -> HttpResponse:
    """The rows behind one figure, with the figure's own filters: its count is their number."""
    form = DashboardForm(request.GET, areas=list(areas_covered(request.user)))
    rows = figure_rows(request.GET.get("figure") or "received", form.scope(), request.GET) if form.is_valid() else None
    if rows is None:
        refuse()
    related = (
        ("request__area", "request__assigned_to", "phone_referral__area") if rows.clocks else ("area", "assigned_to")
    )
    order = ("due_at", "pk") if rows.clocks else ("received_at", "pk")
    page = Paginator(rows.queryset.select_related(*related).order_by(*order), PER_PAGE).get_page(
        request.GET.get("page")
    )
    listed = [clock.request or clock.phone_referral for clock in page.object_list] if rows.clocks else page.object_list
    # A request listed once for each of its children counted is one record seen.
    listed = {(type(row), row.pk): row for row in listed}.values()
    audit_listed(actor=request.user, objects=listed, listed_in="dashboard")
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    context = {
        "rows": rows,
        "scope": form.scope(),
        "page": page,
        "query": query,
        "back": f"{reverse('reporting:dashboard')}?{urlencode(form.query())}",
        "page_title": rows.title,
    }
    return render(request, "reporting/dashboard_list.html", context)
