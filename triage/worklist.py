"""The queue as a worklist: how it is searched and sorted, who works it, and the
figures a manager watches. The queue itself is `triage.queue`."""

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.lookups import IContains
from django.utils import timezone

from deadlines.selectors import request_overdue
from hub.access import may_read_area_records
from hub.models import AreaMembership, User, user_display_name
from lib.compiled import CompiledRows
from requests_app.models import Child, RequestForSupport
from workflow.states import OPEN_STATES, State

# The queue's orders. The default: immediate risk first, then the nearest deadline.
SORTS = {
    "": ["-immediate_risk", F("next_due").asc(nulls_last=True), "received_at", "pk"],
    "received": ["received_at", "pk"],
    "-received": ["-received_at", "-pk"],
    "age": [F("youngest_born").desc(nulls_last=True), "pk"],
    "-age": [F("youngest_born").asc(nulls_last=True), "pk"],
    "agency": ["referrer_agency", "pk"],
    "outcome": [F("pending_decision__outcome").asc(nulls_last=True), "pk"],
}


def search_asked(text: str) -> tuple[str, tuple]:
    """What a search asks for, as a shape and its values: a reference, an NHS number, a date of birth
    (25/12/2019 or 2019-12-25) or names. The shape is part of the queue's compiled query
    (triage.queue); the values are sent as they are."""
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) == 10:
        return "nhs", (digits,)
    born = _date(text)
    if born is not None:
        return "born", (born,)
    words = text.split()
    return f"names:{len(words)}", (text, *words)


def search_matching(shape: str, *values) -> Q:
    """The requests a search of this shape (search_asked) finds."""
    children = Child.objects.filter(request=OuterRef("pk"))
    if shape == "nhs":
        return Exists(children.filter(nhs_number=values[0]))
    if shape == "born":
        return Exists(children.filter(date_of_birth=values[0]))
    text, *words = values
    names = Q()
    for word in words:
        # The lookups as expressions, each word sent as itself: the database adds the wildcards and
        # escapes the word's own, so the SQL is the same for every word and can be compiled once
        # (`first_name__icontains=word` sends "%word%"). Sent as a constant (Django binds its values
        # on the client), the pattern is worked out before planning, so the trigram index serves it.
        names &= Q(IContains(F("first_name"), Value(word))) | Q(IContains(F("last_name"), Value(word)))
    return Q(reference__iexact=text) | Exists(children.filter(names))


def _date(text: str) -> dt.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


FIGURES = ("approval", "overdue", "unallocated", "urgent", "oversight")
CASELOAD = ("assigned_to", "assigned_to__first_name", "assigned_to__last_name", "n", "overdue")


def _live(area_ids):
    return RequestForSupport.objects.filter(area_id__in=area_ids, status__in=OPEN_STATES)


def _figures_by_area(area_ids, now):
    overdue = request_overdue(now=now)
    # Counted per area and added up below: a grouped query can be compiled once, an aggregate cannot.
    return (
        _live(area_ids)
        .order_by()
        .values("area_id")
        .annotate(
            approval=Count("pk", filter=Q(status=State.AWAITING_APPROVAL)),
            overdue=Count("pk", filter=Q(overdue)),
            unallocated=Count("pk", filter=Q(assigned_to__isnull=True)),
            urgent=Count("pk", filter=Q(immediate_risk=True, assigned_to__isnull=True)),
            oversight=Count("pk", filter=Q(consent__needs_manager_oversight=True)),
        )
        .values_list(*FIGURES)
    )


def _caseloads(area_ids, now):
    return (
        _live(area_ids)
        .filter(assigned_to__isnull=False)
        .values("assigned_to", "assigned_to__first_name", "assigned_to__last_name")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(request_overdue(now=now))))
        .order_by("-n", "assigned_to__first_name", "assigned_to")
        .values_list(*CASELOAD)
    )


# A manager's home asks both on every visit: compiled once per process and number of areas.
_FIGURES, _CASELOADS = CompiledRows(_figures_by_area), CompiledRows(_caseloads)


def manager_figures(user: User) -> dict:
    """What a manager watches, each figure the count of a queue list it links to:
    awaiting approval, overdue, unallocated, urgent and unclaimed, overrides to
    review, and each worker's open work. Two queries, whatever the volume."""
    areas, now = sorted(user.area_ids), timezone.now()
    by_area = _FIGURES.rows(areas, now)
    figures: dict = {name: sum(row[n] for row in by_area) for n, name in enumerate(FIGURES)}
    figures["caseloads"] = [dict(zip(CASELOAD, row, strict=True)) for row in _CASELOADS.rows(areas, now)]
    return figures


def staff_requests(*, user: User, references: list[str]) -> list[RequestForSupport]:
    """The requests among `references` this member of staff may work: a forged or
    out-of-area reference in a bulk form is ignored, like one that does not exist."""
    # No reference holds a NUL, and PostgreSQL cannot compare text that does.
    references = [reference for reference in references[:200] if "\x00" not in reference]
    found = RequestForSupport.objects.filter(reference__in=references, area_id__in=user.area_ids)
    return [request for request in found.select_related("area") if may_read_area_records(user, request.area_id)]


class Worker(NamedTuple):
    """Someone a queue's requests can be given to, as its menus name them."""

    pk: int
    display_name: str


def workers_in(area_ids):
    """Who works the queues of these areas: active, in one of them (their own or by membership),
    and with a role that works the queue."""
    # Each condition an EXISTS, so nobody is listed twice and nothing needs DISTINCT: joining the
    # memberships and the groups' permissions, then removing the duplicates, took PostgreSQL
    # longer than any other query on the queue page.
    return User.objects.filter(
        Q(area_id__in=area_ids) | Exists(AreaMembership.objects.filter(user=OuterRef("pk"), area_id__in=area_ids)),
        Exists(User.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__codename="work_queue")),
        is_active=True,
    )


# What a worker's name is made of (hub.models.user_display_name), in its order; and the menus' order.
NAMED = ("first_name", "last_name", "username")
WORKERS_ORDER = ("first_name", "last_name", "id")


def _workers_of(area_ids):
    return workers_in(area_ids).order_by(*WORKERS_ORDER).values_list("pk", *NAMED)


# Compiled once per process and number of areas (lib/compiled.py). The queue page reads the same
# list with its header's counts (triage.header.staff_counts).
_WORKERS = CompiledRows(_workers_of, prepared=True)


def workers_named(rows) -> list[Worker]:
    """Rows of an id and the NAMED columns, as the menus name each worker."""
    return [Worker(pk, user_display_name(*names)) for pk, *names in rows]


def queue_workers(user: User) -> list[Worker]:
    """Who works the queues of the areas this person covers: the caseload filter and bulk assign."""
    return workers_named(_WORKERS.rows(user.area_ids))


def queue_worker(user: User, chosen: str) -> User | None:
    """The worker chosen in a bulk assign, if they work the queues this person covers."""
    found = next((worker for worker in queue_workers(user) if str(worker.pk) == chosen), None)
    return None if found is None else User.objects.get(pk=found.pk)
