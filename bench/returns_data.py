"""A county's year of front-door work for the returns: `contacts` requests (one child each) spread
over the census year 2025 to 2026, and the episodes Ofsted's Annex A and the DfE's CIN census read,
in the proportions a county sees. One real request is made through the service, copied in SQL
(bench.scale.requests_copy); the person records and episodes are written in SQL too, two
statements each, whatever the volume.

Each contact is numbered n (its reference is "Y-n"), and n mod 100 says how far its child went:

| n mod 100 | share | what happened |
|---|---|---|
| 0 to 39 | 40% | referred (Annex A list 3), on a person record (the census lists them) |
| 0 to 34 | 35% | assessed (list 4); 0 to 29 authorised 30 days later, 30 to 34 still assessing |
| 0 to 7 | 8% | a section 47 enquiry (list 5); conference held for 0 to 4, not needed for 5 to 7 |
| 0 to 2 | 3% | a child protection plan from the conference (list 7) |
| 3 to 19 | 17% | a child in need plan |
| 20 to 29 | 10% | closed after assessment, no further action |
| 35 to 39 | 5% | a referral closed with no further action the next day |
| 40 to 99 | 60% | a contact that went no further (advice, early help, no action) |

A few children are referred twice (every n mod 100 == 38 in an odd block of `gap` contacts is the
same child as n - gap, referred again about a week later), so the "in the last 12 months" counts are
not all zero. The gap is a week's contacts at any scale: 1,000 at ten minutes apart (the county),
10,000 at one minute apart (national). A fixed 1,000 made the national scale's second referral come
17 hours after the first, often the same day, while the first was open until the next day: the DfE
validator rightly reported the overlapping episodes (rule 8820).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from bench.scale import requests_copy
from children.models import Episode, Person
from hub.models import Area, User
from requests_app.models import Child, RequestForSupport

# The census year 2026: 1 April 2025 to 31 March 2026. The newest contact is on its last evening.
CENSUS_YEAR = 2026
FIRST, LAST = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
NEWEST = timezone.make_aware(dt.datetime(2026, 3, 31, 19, 0))
PREFIX = "Y-"

# What share of the year's contacts each list holds (see the table above).
SHARES = {"contacts": 1.0, "referrals": 0.40, "assessments": 0.35, "enquiries": 0.08, "plans": 0.03}


@dataclass(frozen=True)
class CountyYear:
    area: Area
    manager: User  # may export the area's returns
    contacts: int


def _n() -> str:
    """The contact's number, from its request's reference."""
    return f"substring(r.reference from {len(PREFIX) + 1})::int"


def minutes_apart(contacts: int) -> int:
    """Minutes between contacts, so the year's contacts fit in 347 days whatever the scale (500,000
    at one a minute)."""
    return max(1, 500_000 // contacts)


def second_referral_gap(contacts: int) -> int:
    """How many contacts apart a child's two referrals are: about a week's (see the table above)."""
    return 10_000 // minutes_apart(contacts)


def county_year(*, area: Area, template: RequestForSupport, manager: User, contacts: int) -> CountyYear:
    """`contacts` copies of `template` (one child, assigned to a worker in a team) over the census
    year, a person record for each referred child, and an episode for every child."""
    requests_copy(
        template=template,
        count=contacts,
        status="closed",
        prefix=PREFIX,
        minutes_apart=minutes_apart(contacts),
        ending=NEWEST,
    )
    person_table, child_table = Person._meta.db_table, Child._meta.db_table
    request_table, episode_table = RequestForSupport._meta.db_table, Episode._meta.db_table
    n = _n()
    # The person a referred child is: their own, or (for a second referral) the one of n - gap.
    gap = second_referral_gap(contacts)
    key = f"CASE WHEN mod({n}, 100) = 38 AND mod({n} / {gap}, 2) = 1 THEN {n} - {gap} ELSE {n} END"
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{person_table}" (area_id, first_name, last_name, date_of_birth, nhs_number, '  # noqa: S608
            "open_case, allocated_worker, created_at, la_child_id, upn, upn_unknown_reason, disabilities) "
            f"SELECT %s, 'Bench', 'Child' || {n}, c.date_of_birth, '', false, '', now(), "
            f"'B' || lpad(({n})::text, 10, '0'), '', 'UN5', '[\"NONE\"]'::jsonb "
            f'FROM "{request_table}" r JOIN "{child_table}" c ON c.request_id = r.id '
            f"WHERE r.reference LIKE %s AND mod({n}, 100) < 40 AND {key} = {n}",
            [area.pk, f"{PREFIX}%"],
        )
        cursor.execute(
            f'UPDATE "{child_table}" c SET person_id = p.id '  # noqa: S608
            f'FROM "{request_table}" r, "{person_table}" p '
            f"WHERE c.request_id = r.id AND r.reference LIKE %s AND mod({n}, 100) < 40 "
            f"AND p.la_child_id = 'B' || lpad(({key})::text, 10, '0')",
            [f"{PREFIX}%"],
        )
        cursor.execute(
            _EPISODES_SQL.format(episode=episode_table, child=child_table, request=request_table, n=n), [f"{PREFIX}%"]
        )
    return CountyYear(area=area, manager=manager, contacts=contacts)


def _when(condition: str, value: str, otherwise: str = "NULL") -> str:
    return f"CASE WHEN {condition} THEN {value} ELSE {otherwise} END"


# d is the contact's day; m how far the child went (the module's table).
_D = "(r.received_at AT TIME ZONE 'Europe/London')::date"
_M = "mod({n}, 100)"
_EPISODES_SQL = (
    'INSERT INTO "{episode}" (child_id, stage, outcome, lead_professional, referral_date, referral_source, '  # noqa: S608 (our own constants)
    "primary_need, assessment_started_on, assessment_authorised_on, assessment_factors, child_seen, "
    "cin_plan_start, s47_started_on, icpc_target, icpc_on, icpc_not_required, cp_plan_start, "
    "initial_category, latest_category, cp_review_dates, closed_on, closure_reason, referral_nfa) "
    "SELECT c.id, "
    + ", ".join(
        [
            _when(f"{_M} < 40", "'in_play'", "'finished'"),
            "''",
            "''",
            _when(f"{_M} < 40", _D),
            "r.cin_referral_source",
            _when(f"{_M} < 40", "'N1'", "''"),
            _when(f"{_M} < 35", f"{_D} + 1"),
            _when(f"{_M} < 30", f"{_D} + 30"),
            _when(f"{_M} < 30", "'[\"3A\"]'::jsonb", "'[]'::jsonb"),
            _when(f"{_M} < 35", "true"),
            _when(f"{_M} >= 3 AND {_M} < 20", f"{_D} + 31"),
            _when(f"{_M} < 8", f"{_D} + 2"),
            _when(f"{_M} < 8", f"{_D} + 23"),
            _when(f"{_M} < 5", f"{_D} + 16"),
            f"{_M} >= 5 AND {_M} < 8",
            _when(f"{_M} < 3", f"{_D} + 16"),
            _when(f"{_M} < 3", "'NEG'", "''"),
            _when(f"{_M} < 3", "'NEG'", "''"),
            "'[]'::jsonb",
            _when(f"{_M} >= 20 AND {_M} < 30", f"{_D} + 30", _when(f"{_M} >= 35 AND {_M} < 40", f"{_D} + 1")),
            _when(f"({_M} >= 20 AND {_M} < 30) OR ({_M} >= 35 AND {_M} < 40)", "'RC8'", "''"),
            f"{_M} >= 35 AND {_M} < 40",
        ]
    )
    + ' FROM "{request}" r JOIN "{child}" c ON c.request_id = r.id WHERE r.reference LIKE %s'
)


def expected_rows(contacts: int) -> dict[str, int]:
    """Roughly how many rows each return should hold: the lists' shares of the contacts."""
    return {name: round(contacts * share) for name, share in SHARES.items()}
