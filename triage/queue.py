"""The queue's reads. Each page runs the same number of queries whatever the page size: the tabs'
counts in one aggregate, the page in one query with the nearest open deadline as a subquery and, on
PostgreSQL, each row's children as a JSON list (on SQLite the children come in one query of plain
values: queue_children_attach). Its rows are read as values (triage.queue_entry), not built as models.

Every worker opens the queue many times a day, and compiling its two queries took Django longer than
PostgreSQL took to run them. Each is compiled once per process and choice of tab, order, filters and
shape of search (a name of two words, a date of birth), the most recent few hundred kept
(lib/compiled.py, decision 0026); what was searched for is a value like the others."""

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, replace

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import JSONArray
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.selectors import closure_dates_with, request_overdue
from hub.models import User
from lib.answers import YesNo
from lib.compiled import CompiledRows
from requests_app.models import Child, RequestForSupport
from workflow.states import OPEN_STATES, State

from .queue_entry import READ_WITH_ROW, SHOWN, QueueEntry
from .worklist import SORTS, search_asked, search_matching

URGENT_TAB = "urgent"
CLOSED_TAB = "closed"
TABS = [
    # Immediate risk sits above everything, in a tab of its own, whatever its stage.
    (URGENT_TAB, "Immediate risk", OPEN_STATES),
    ("new", "New", [State.SUBMITTED]),
    ("triage", "Triage", [State.TRIAGE_STEP]),
    ("contact", "Contact", [State.CONTACT]),
    ("approval", "Awaiting approval", [State.AWAITING_APPROVAL]),
    ("referral", "Referral", [State.REFERRAL]),
    ("assessment", "Assessment", [State.SINGLE_ASSESSMENT]),
    ("s47", "Section 47 and conference", [State.STRATEGY_DISCUSSION, State.S47_ENQUIRY, State.ICPC]),
    ("all", "All open work", OPEN_STATES),
    (CLOSED_TAB, "Closed in the last 30 days", [State.CLOSED, State.ROUTED, State.WITHDRAWN, State.NOT_RETAINED]),
]
CLOSED_WINDOW = dt.timedelta(days=30)
CLOSURES = "closed in the window"  # the closed tab's count, beside each open stage's (_counts)
TAB_STATES = {key: states for key, _, states in TABS}
TAB_LABELS = {key: label for key, label, _ in TABS}
PAGE_SIZE = 50


@dataclass(frozen=True)
class Asked:
    """What a worker asked of the queue, apart from the values that change between requests
    (their areas, the time, a worker's id): one compiled query for each."""

    tab: str = "new"
    sort: str = ""
    level: int | None = None  # one of four: a shape, not a value (a stand-in id is not a level)
    urgent: bool = False
    worker: str = ""  # "", "me", "none" or "someone"
    overdue: bool = False
    oversight: bool = False
    search: str = ""  # the search's shape (triage.worklist.search_asked): its values are values


def _an_id(text: str) -> bool:
    """Digits that make an id: not "²" (a digit to Python, not to int()), nor a number no row has."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _asked(*, user: User, tab, level, urgent, worker, overdue, oversight, sort, search="") -> tuple[Asked, tuple]:
    """The query's shape, and its values in the order `_live_apart` takes them (the search's last)."""
    now = timezone.now()
    values: list = [sorted(user.area_ids), now - CLOSED_WINDOW]
    shape = Asked(
        tab=tab if tab in TAB_STATES else "new",
        sort=sort if sort in SORTS else "",
        level=int(level) if level in {"1", "2", "3", "4"} else None,
        urgent=urgent == YesNo.YES,
        worker="me" if worker == "me" else "none" if worker == "none" else "someone" if _an_id(worker) else "",
        overdue=overdue == YesNo.YES,
        oversight=oversight == YesNo.YES,
    )
    found: tuple = ()
    if search:
        searched, found = search_asked(search)
        shape = replace(shape, search=searched)
    if shape.overdue:
        values.append(now)
    if shape.worker == "me":
        values.append(user.pk)
    elif shape.worker == "someone":
        values.append(int(worker))
    return shape, (*values, *found)


def _live(asked: Asked, *values) -> QuerySet:
    """Live work plus recent closures in the areas, filtered as asked: history is never counted or
    listed here, so the page costs the same with a million closed requests."""
    open_work, closed = _live_apart(asked, *values)
    return open_work | closed


def _live_apart(asked: Asked, area_ids, since, *values) -> tuple[QuerySet, QuerySet]:
    """The open work, and the closures since `since`, each filtered as asked."""
    rest = list(values)
    base = RequestForSupport.objects.filter(area_id__in=area_ids)
    if asked.oversight:
        base = base.filter(consent__needs_manager_oversight=True)
    if asked.overdue:
        base = base.filter(request_overdue(now=rest.pop(0)))
    if asked.level:
        base = base.filter(level_requested=asked.level)
    if asked.urgent:
        base = base.filter(immediate_risk=True)
    if asked.worker == "none":
        base = base.filter(assigned_to__isnull=True)
    elif asked.worker:
        base = base.filter(assigned_to_id=rest.pop(0))
    if asked.search:
        base = base.filter(search_matching(asked.search, *rest))
    return base.filter(status__in=OPEN_STATES), base.filter(status__in=TAB_STATES[CLOSED_TAB], closed_at__gte=since)


def _counts(asked: Asked, *values) -> QuerySet:
    """Each stage's count, and its count at immediate risk. The open work and the month's closures
    are counted apart, each from an index alone: a county closes thousands of requests a month, and
    counted through one condition joining both with OR, PostgreSQL read every one of them from the
    table: 6.0 ms a page with 4,600 closures, against 0.23 ms for the open work and 0.62 ms for the
    closures apart (docs/performance.md, "Fifteenth round"). The closures are one tab, so they are
    counted whole (grouping them by status took as long again),
    and the immediate-risk tab counts open work only. COUNT(*), not of the id: no index holds the id."""
    open_work, closed = _live_apart(asked, *values)
    by_stage = (
        open_work.order_by()
        .values("status")
        .annotate(n=Count("*"), urgent=Count("immediate_risk", filter=Q(immediate_risk=True)))
        .values_list("status", "n", "urgent")
    )
    closures = (
        closed.order_by()
        .annotate(stage=Value(CLOSURES))  # a constant: no GROUP BY, one row, 0 when there are none
        .values("stage")
        .annotate(n=Count("*"), urgent=Value(0))
        .values_list("stage", "n", "urgent")
    )
    return by_stage.union(closures, all=True)


def _rows(asked: Asked, *values) -> QuerySet:
    rows = _live(asked, *values).annotate(
        next_due=Subquery(
            Deadline.objects.filter(request=OuterRef("pk"), state=Deadline.State.OPEN)
            .order_by("due_at")
            .values("due_at")[:1]
        ),
        # Each row's area's closure days, for its clock: no query of their own (clocks_decorate).
        **closure_dates_with("area_closure_dates", "area_id"),
        **_children_listed(),
    )
    if asked.tab == URGENT_TAB:
        rows = rows.filter(immediate_risk=True)
    if asked.sort in {"age", "-age"}:
        # A subquery, not Max() over a join: an aggregate groups every live row, columns and all,
        # before the page is cut (about half the query's time on a county's queue).
        rows = rows.annotate(
            youngest_born=Subquery(
                Child.objects.filter(request=OuterRef("pk"), date_of_birth__isnull=False)
                .order_by("-date_of_birth")
                .values("date_of_birth")[:1]
            )
        )
    return rows.filter(status__in=TAB_STATES[asked.tab]).order_by(*SORTS[asked.sort])


def _children_listed() -> dict:
    """Each row's children, in their order on the form, as one JSON list of [first name, last name,
    unborn, born] read with the row (queue_children_attach): on PostgreSQL, which works a subquery
    in the select list out after the sort, for the rows up to the page's end only. One round trip fewer
    than a query of the page's children, about a millisecond of a queue page."""
    if connection.vendor != "postgresql":
        return {}
    listed = (
        Child.objects.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(
            listed=JSONBAgg(
                JSONArray("first_name", "last_name", "unborn", "date_of_birth"), order_by=("position", "pk")
            )
        )
        .values("listed")
    )
    return {"children_listed": Subquery(listed)}


def _columns() -> tuple[str, ...]:
    return (*SHOWN, *(READ_WITH_ROW if connection.vendor == "postgresql" else ()))


# One compiled query per shape asked for. A worker can ask for thousands of shapes (every tab, order
# and filter), so each cache keeps the most recently used few hundred: each is a few kilobytes of SQL.
KEPT_SHAPES = 256
_COUNTS: OrderedDict[tuple, CompiledRows] = OrderedDict()
_ROWS: OrderedDict[tuple, CompiledRows] = OrderedDict()


def _kept(cache: OrderedDict, key: tuple, make):
    if key in cache:
        cache.move_to_end(key)
    else:
        cache[key] = make()
        if len(cache) > KEPT_SHAPES:
            cache.popitem(last=False)
    return cache[key]


def _compiled_counts(asked: Asked) -> CompiledRows:
    # Every tab and every order is counted by the same query.
    key = astuple(replace(asked, tab="new", sort=""))
    return _kept(_COUNTS, key, lambda: CompiledRows(lambda *values: _counts(asked, *values)))


def _compiled_rows(asked: Asked) -> CompiledRows:
    return _kept(
        _ROWS,
        (connection.vendor, *astuple(asked)),
        lambda: CompiledRows(lambda *values: _rows(asked, *values).values_list(*_columns())),
    )


class QueuePage:
    """The rows of one tab, read a page at a time when the paginator cuts them: `read(limit, offset)`
    gives a page's rows as values, made into entries here. `queryset` is the same rows through the
    ORM (to explain its plan), built only when asked for."""

    def __init__(self, read: Callable[[int, int], Iterable[tuple]], build: Callable[[], QuerySet]) -> None:
        self._read, self._build = read, build

    @property
    def queryset(self) -> QuerySet:
        return self._build()

    def __getitem__(self, cut: slice) -> list[QueueEntry]:
        if not isinstance(cut, slice):
            raise TypeError("the queue's rows are read a page at a time")
        if cut.stop <= cut.start:  # an empty tab: as Django would, ask nothing
            return []
        hours_seen: dict = {}
        return [QueueEntry.from_values(row, hours_seen) for row in self._read(cut.stop - cut.start, cut.start)]


def _orm_page(queryset: QuerySet) -> Callable[[int, int], QuerySet]:
    return lambda limit, offset: queryset[offset : offset + limit]


def queue(
    *,
    user: User,
    tab: str = "new",
    level: str = "",
    urgent: str = "",
    worker: str = "",
    overdue: str = "",
    oversight: str = "",
    q: str = "",
    sort: str = "",
):
    """The work tray: requests in the user's areas, immediate risk and the nearest deadline first
    unless another order is asked for, and how many each tab holds. `q` finds a reference, a
    child's name, an NHS number or a date of birth. The rows are cut into pages by the caller."""
    asked, values = _asked(
        user=user,
        tab=tab,
        level=level,
        urgent=urgent,
        worker=worker,
        overdue=overdue,
        oversight=oversight,
        sort=sort,
        search=q.strip(),
    )
    if asked.search and connection.vendor != "postgresql":
        # SQLite escapes a reference's text for its case-blind LIKE: a value changed on its way, which
        # a compiled query refuses (lib/compiled.py). `make run` counts its searches through the ORM.
        counted = list(_counts(asked, *values))
    else:
        counted = _compiled_counts(asked).rows(*values)

    def ordered() -> QuerySet:
        return _rows(asked, *values).values_list(*_columns())

    if connection.vendor == "postgresql":
        compiled = _compiled_rows(asked)
        rows = QueuePage(lambda limit, offset: compiled.rows(*values, limit=limit, offset=offset), ordered)
    else:  # SQLite (`make run`) sends dates as text, which only the ORM reads back as dates
        rows = QueuePage(_orm_page(ordered()), ordered)
    counts = {status: n for status, n, _ in counted}
    tab_counts = {key: sum(counts.get(state, 0) for state in states) for key, _, states in TABS if key != CLOSED_TAB}
    tab_counts[CLOSED_TAB] = counts.get(CLOSURES, 0)
    tab_counts[URGENT_TAB] = sum(urgent for status, _, urgent in counted if status in OPEN_STATES)
    return rows, tab_counts
