"""Questions about areas and the people in them, each answered in one place."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from lib.compiled import CompiledModels

from .models import Agency, Area, AreaMembership, AuditEvent, User

# Managers of an area's front door hold this capability (hub/roles.py):
# practice managers and team managers.
MANAGER_PERMISSION = "hub.assign_work"
# Casework reaches only people who may read children's records: never an administrator,
# whatever other permission their role holds.
CASEWORK_PERMISSION = "hub.view_child_record"


def _holders_of(permission: str) -> Exists:
    """Whether a person holds `permission` ("app.codename") through any of their groups."""
    app_label, codename = permission.split(".")
    return Exists(
        User.groups.through.objects.filter(
            user_id=OuterRef("pk"),
            group__permissions__codename=codename,
            group__permissions__content_type__app_label=app_label,
        )
    )


def _people_with(*permissions: str, where: Q) -> QuerySet[User]:
    # One EXISTS per permission, since a person may hold them through different groups, and
    # no joins on the person's row, so no DISTINCT. Joined, the fourteen tables took
    # PostgreSQL 3 to 6 ms to plan for a 0.2 ms answer, in every deadline sweep and approval.
    return User.objects.filter(where, *map(_holders_of, permissions), is_active=True).order_by("pk")


def _working_in(area_ids) -> Q:
    """People whose own area is one of these, or who cover one of them."""
    return Q(area__in=area_ids) | Exists(AreaMembership.objects.filter(user_id=OuterRef("pk"), area__in=area_ids))


def area_people_with(area: Area, permission: str) -> QuerySet[User]:
    """Active casework staff working in `area`, or covering it, whose role grants
    `permission` ("app.codename"): alerts and approvals reach cover staff too."""
    return _people_with(CASEWORK_PERMISSION, permission, where=_working_in([area.pk]))


def agency_people_with(agency: Agency, permission: str) -> QuerySet[User]:
    """Active people of a partner agency whose role grants `permission`."""
    return _people_with(permission, where=Q(agency=agency))


def area_managers(area: Area) -> QuerySet[User]:
    """The area's managers: who gets escalations, oversight reviews and the daily digest."""
    return area_people_with(area, MANAGER_PERMISSION)


def _managers_in(area_ids: list[int]) -> QuerySet[User]:
    return _people_with(CASEWORK_PERMISSION, MANAGER_PERMISSION, where=_working_in(area_ids))


# Compiled once per process (lib/compiled.py): Django took about 5 ms to compile the managers'
# query, more than PostgreSQL took to plan and run it, in every deadline sweep.
_MANAGERS = CompiledModels(User, _managers_in, fields=("username", "email", "area"))


def areas_managers(area_ids) -> dict[int, list[User]]:
    """`area_managers` for many areas at once, in two queries whatever their number: the deadline
    sweep needs every area's managers for a whole batch. Each person is read with their username,
    email and area only, which is what the sweep's messages use."""
    area_ids = sorted(set(area_ids))
    people = _MANAGERS.instances(area_ids)
    covers = {person.pk: {person.area_id} for person in people}
    for user_id, area_id in AreaMembership.objects.filter(user__in=people, area__in=area_ids).values_list(
        "user_id", "area_id"
    ):
        covers[user_id].add(area_id)
    # Each area's list in pk order, as area_managers gives it.
    return {area_id: [person for person in people if area_id in covers[person.pk]] for area_id in area_ids}


def area_for_postcode(postcode: str) -> Area | None:
    """The area whose postcode districts include this postcode's, to suggest it
    (the referrer confirms). None when no area claims the district."""
    postcode = (postcode or "").strip().upper()
    district = postcode.split(" ")[0] if " " in postcode else postcode[:-3]
    if not district:
        return None
    for area in Area.objects.filter(framework__isnull=False):
        if district in (area.postcode_districts or []):
            return area
    return None


# A row's time is its transaction's start on the database's clock, a request's arrival the web
# server's clock during that transaction: a day's margin covers both.
ACCESS_LOG_MARGIN = timedelta(days=1)


# What "who has accessed this record" shows of each row: values, not a hundred rows and their
# people built as model instances.
ACCESS_LOG_FIELDS = (
    "at",
    "action",
    "via",
    "address",
    "detail",
    "actor_id",
    "actor__first_name",
    "actor__last_name",
    "actor__username",
)


def access_log(reference: str, *, since: datetime) -> QuerySet:
    """Every audit row about one request, newest first, with who wrote it (ACCESS_LOG_FIELDS): the
    answer to "who has accessed this record?". Nothing about a request is older than the request
    (`since`, its arrival), so only the months since then are read (the trail is partitioned by
    month, decision 0029); in each, the (reference, at) index gives the rows."""
    return (
        AuditEvent.objects.filter(reference=reference, at__gte=since - ACCESS_LOG_MARGIN)
        .order_by("-at", "-pk")
        .values(*ACCESS_LOG_FIELDS)
    )


def access_log_people(events: QuerySet) -> list[User]:
    """Everyone who wrote any of `events`, by name. Their ids first, then the people: asked in
    one query with a subquery, the planner probed every month's partition once for each person."""
    ids = {pk for pk in events.order_by().values_list("actor_id", flat=True).distinct() if pk is not None}
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name"))
