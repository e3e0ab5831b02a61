"""The manager's dashboard: every figure for a scope, in a fixed number of grouped queries.

Each figure is the count of the rows dashboard_figures.py defines, worked out here with the same
conditions grouped (by week, by agency, by level...), so the count on the page is the length of
the list it links to. `link(key, **params)` makes the address of that list.
"""

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from deadlines.selectors import request_overdue
from returns.census import ReferralSource

from .dashboard_figures import (
    EVENT_TITLES,
    STAGE_TITLES,
    STAGES,
    TIMELINESS,
    agency_key,
    clocks_due,
    met,
    missed,
    reason_key,
    reason_text,
    received_in,
    rereferral,
    timeliness_titles,
)
from .dashboard_scope import Scope, event_in, open_in, reached, weeks

Link = Callable[..., str]
VOLUMES = ("received", "contacts", "referrals", "assessments", "s47s")
LEVELS = (1, 2, 3, 4)


def percent(part: int, whole: int) -> int | None:
    """A whole per cent, a half rounded up as a reader expects (1 of 8 is 13%), not to even as
    Python's round does (which would show 12%)."""
    if not whole:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def volumes(scope: Scope, link: Link) -> dict:
    """Each event per week: one grouped query per event."""
    spans = weeks(scope)
    series = []
    for event in VOLUMES:
        per_week = dict(
            event_in(scope, event).annotate(week=TruncWeek("on")).order_by().values_list("week").annotate(n=Count("pk"))
        )
        bars = [
            {
                "start": first,
                "end": last,
                "count": per_week.get(first - dt.timedelta(days=first.weekday()), 0),
                "url": link(event, start=first, end=last),
            }
            for first, last in spans
        ]
        total = sum(bar["count"] for bar in bars)
        series.append({"key": event, "title": EVENT_TITLES[event], "bars": bars, "total": total, "url": link(event)})
    # The same figures a week to a row, for the table beside the charts.
    table = [
        {"start": first, "cells": [{"title": one["title"], **one["bars"][i]} for one in series]}
        for i, (first, _) in enumerate(spans)
    ]
    return {"series": series, "table": table}


def sources(scope: Scope, link: Link) -> dict:
    """Requests received by the referrer's agency, and by the census's referral source code."""
    received = received_in(scope).order_by()
    agencies = (
        received.annotate(key=agency_key())
        .values_list("referrer_agency", "key")
        .annotate(n=Count("pk"))
        .order_by("-n", "referrer_agency")
    )
    codes = received.values_list("cin_referral_source").annotate(n=Count("pk")).order_by("-n", "cin_referral_source")
    labels = dict(ReferralSource.choices)
    return {
        "agencies": [
            {"label": name or "No agency named", "count": n, "url": link("agency", agency=key)}
            for name, key, n in agencies
        ],
        "codes": [
            {"label": f"{code}: {labels.get(code, 'Not recorded')}", "count": n, "url": link("source", source=code)}
            for code, n in codes
        ],
    }


def levels(scope: Scope, link: Link) -> list[dict]:
    """Level requested (rows) against level decided (columns, then not yet decided)."""
    grouped = received_in(scope).order_by().values_list("level_requested", "level_decided").annotate(n=Count("pk"))
    cells = {(requested, decided): n for requested, decided, n in grouped}
    rows = []
    for requested in LEVELS:
        row = []
        for decided in (*LEVELS, None):
            n = cells.get((requested, decided), 0)
            row.append(
                {
                    "count": n,
                    "decided": decided,
                    "agrees": decided == requested,
                    "url": link("levels", requested=requested, decided="none" if decided is None else decided),
                }
            )
        rows.append({"requested": requested, "cells": row, "total": sum(cell["count"] for cell in row)})
    return rows


def conversion(scope: Scope, link: Link) -> list[dict]:
    """Of the requests received in the period, how many reached each stage since (one query)."""
    counts = received_in(scope).aggregate(**{stage: Count("pk", filter=Q(reached(stage))) for stage in STAGES})
    stages, previous = [], None
    for stage in STAGES:
        n = counts[stage]
        stages.append(
            {
                "key": stage,
                "title": STAGE_TITLES[stage],
                "count": n,
                "percent": None if previous is None else percent(n, previous),
                "url": link("stage", stage=stage),
            }
        )
        previous = n
    return stages


def timeliness(scope: Scope, link: Link) -> list[dict]:
    """Each clock's due-in-period count met and missed, and the missed ones' reasons (two queries)."""
    clocks = clocks_due(scope, TIMELINESS)
    results = {
        kind: (within, total)
        for kind, within, total in clocks.order_by()
        .values_list("kind")
        .annotate(within=Count("pk", filter=met()), total=Count("pk"))
    }
    reasons: dict[str, list] = {}
    for kind, text, key, n in (
        clocks.filter(missed())
        .annotate(text=reason_text(), key=reason_key())
        .order_by()
        .values_list("kind", "text", "key")
        .annotate(n=Count("pk"))
        .order_by("kind", "-n", "text")
    ):
        reasons.setdefault(kind, []).append(
            {"label": text, "count": n, "url": link("timely", kind=kind, result="missed", reason=key)}
        )
    measures = []
    for kind, title in timeliness_titles(scope.area_ids).items():
        within, total = results.get(kind, (0, 0))
        measures.append(
            {
                "key": kind,
                "title": title,
                "within": within,
                "missed": total - within,
                "total": total,
                "percent": percent(within, total),
                "url": link("timely", kind=kind),
                "within_url": link("timely", kind=kind, result="met"),
                "missed_url": link("timely", kind=kind, result="missed"),
                "reasons": reasons.get(kind, []),
            }
        )
    return measures


def rereferrals(scope: Scope, link: Link) -> dict:
    counts = (
        event_in(scope, "referrals")
        .annotate(is_again=rereferral())
        .aggregate(referred=Count("pk"), again=Count("pk", filter=Q(is_again=True)))
    )
    return {
        **counts,
        "percent": percent(counts["again"], counts["referred"]),
        "url": link("rereferrals"),
        "referred_url": link("referrals"),
    }


def open_work(scope: Scope, link: Link) -> dict:
    """Open work per worker now, and what is overdue now (two queries; the period does not apply)."""
    live = open_in(scope)
    late = Q(request_overdue())
    totals = live.aggregate(open=Count("pk"), overdue=Count("pk", filter=late))
    workers = (
        live.order_by()
        .values_list("assigned_to", "assigned_to__first_name", "assigned_to__last_name")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=late))
        .order_by("-n", "assigned_to__first_name", "assigned_to__last_name")
    )
    rows = []
    for worker_id, first_name, last_name, n, overdue in workers:
        worker = "none" if worker_id is None else worker_id
        rows.append(
            {
                "name": f"{first_name} {last_name}".strip() if worker_id else "Nobody assigned",
                "count": n,
                "overdue": overdue,
                "url": link("open", worker=worker),
                "overdue_url": link("open", worker=worker, overdue=1),
            }
        )
    return {**totals, "workers": rows, "url": link("open"), "overdue_url": link("open", overdue=1)}


def dashboard_build(scope: Scope, link: Link) -> dict:
    """Every figure of the dashboard for `scope`: a fixed number of queries, whatever the volume."""
    return {
        "volumes": volumes(scope, link),
        "sources": sources(scope, link),
        "levels": levels(scope, link),
        "conversion": conversion(scope, link),
        "timeliness": timeliness(scope, link),
        "rereferrals": rereferrals(scope, link),
        "open_work": open_work(scope, link),
    }
