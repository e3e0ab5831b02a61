"""A synthetic year of front-door work for `make run`, so a first look at the
service finds a queue with work in every tab, not an empty table.

Each request is sent through the API's own service and walked through the triage services a
worker uses, so it comes with its history, deadlines, episodes, decisions and audit rows. Then
all of it is moved back in time, so the year has closed work months ago and open work from the
last fortnight, some of it overdue. Past the front door, a set of journeys (demo_journeys.py)
adds assessments, plans, enquiries and conferences over 18 months, for the returns and the
dashboard. Names are made up; there are no real people. A fixed seed makes the same year each time.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from consent.policy import accepted_grounds
from hub.models import Agency, Area, Team, User
from hub.roles import Role, role_group
from lib.dates import years_before
from requests_app.models import RequestForSupport
from requests_app.services import request_create_via_api

from . import services
from .demo_journeys import JOURNEYS, Walk, children_identify, journey_walk, records_shift_back

FIRST = "Ava Ben Chloe Dylan Ella Finn Grace Harvey Isla Jack Kai Lily Mason Nia Oscar Poppy Reuben Sofia Theo Zara"
LAST = "Ashworth Bell Crossley Dobson Entwistle Fairclough Greenwood Haworth Ingham Jolly Kenyon Lord Mercer Nuttall"
# (the worry, the level asked for, the graded or counted facts the referrer gives)
WORRIES = [
    ("comes to school hungry most days and has bruises they will not explain", 4, {}),
    ("has missed a third of this term; attendance is 64% and falling", 3, {"attendance_percent": "64"}),
    ("said an adult at home hits them with a belt", 4, {}),
    ("is caring for a parent with a serious illness and is exhausted in class", 2, {}),
    ("was found alone at home late at night by police", 4, {"missing_episodes_90_days": "2"}),
    ("has a Graded Care Profile 2 grade of moderate for physical care", 3, {"neglect_grade": "moderate"}),
    ("talks about arguments at home and hides under the table when voices are raised", 3, {}),
    ("is self-harming and has told a teacher they feel hopeless", 3, {}),
]
# (state reached, how many in a hundred, oldest age in days)
MIX = [
    ("submitted", 7, 2),
    ("triage_step", 7, 4),
    ("contact", 10, 6),
    ("awaiting_approval", 8, 5),
    ("referral", 4, 8),
    ("single_assessment", 10, 40),
    ("strategy_discussion", 3, 3),
    ("s47_enquiry", 3, 12),
    ("closed", 48, 330),
]


def _born(first: str, last: str, age: int) -> dt.date:
    # The same child has the same birthday each time they are referred.
    return years_before(timezone.localdate(), age) - dt.timedelta(days=(len(first) * 37 + len(last) * 11) % 300)


def _payload(rng: random.Random, area: Area, referrer: User, children: list, *, urgent: bool = False) -> dict:
    worry, level, facts = rng.choice(WORRIES)
    today = timezone.localdate()

    def one(first: str, last: str, age: int) -> dict:
        born = _born(first, last, age)
        return {
            "first_name": [first],
            "last_name": [last],
            "unborn": ["no"],
            "date_of_birth_0": [str(born.day)],
            "date_of_birth_1": [str(born.month)],
            "date_of_birth_2": [str(born.year)],
            "expected_date_0": [""],
            "expected_date_1": [""],
            "expected_date_2": [""],
            "sex": [rng.choice("FM")],
            "ethnicity": ["WBRI"],
            "disability": ["no"],
            "disability_details": [""],
            "nhs_number": [""],
            "allocated_worker": [""],
            "address": [f"{rng.randrange(1, 120)} Mill Lane"],
            "postcode": [""],
            "school": ["Local primary school"],
            "young_carer": ["no"],
            "privately_fostered": ["no"],
            "open_to_csc": ["no"],
        }

    first = children[0][0]
    return {
        "start": {"immediate_risk": ["yes" if urgent else "no"]},
        "about_you": {
            "name": [referrer.display_name],
            "job_title": [referrer.job_title or "Practitioner"],
            "agency": [referrer.agency.name if referrer.agency_id else "School"],
            "phone": ["01234 567890"],
            "email": [referrer.email or f"{referrer.username}@example.org"],
            "lead_name": ["Sam Head"],
            "lead_contact": ["01234 567891"],
            "phone_reference": [""],
        },
        "children": [one(*child) for child in children],
        "household": [
            {
                "name": [f"Kim {children[0][1]}"],
                "relationship": ["Mother"],
                "parental_responsibility": ["yes"],
                "lives_with_child": ["lives_with"],
            }
        ],
        "worries": {
            "worries": [f"{first} {worry}."],
            "impact": [f"{first} is withdrawn and tired."],
            "work_done": ["Spoke with the family; a plan through school."],
            "work_done_effect": ["Little change."],
            "history_since_csc": [""],
            "strengths": ["The family talk to school."],
            "child_words": ["'I want things to be better at home.'"],
            "parent_words": [""],
            "prior_eha": ["yes"],
            "police_involved": ["no"],
            "allegation_against_professional": ["no"],
            "allegation_known_on_0": [""],
            "allegation_known_on_1": [""],
            "allegation_known_on_2": [""],
        },
        "area": {"area": [area.slug]},
        "indicators": {f"fact_{name}": [value] for name, value in facts.items()},
        "level": {"level": [str(_nearest_level(area, level))]},
        "consent": _override(area)
        if urgent
        else {
            "parent_knows": ["yes"],
            "third_party_knows": ["not_applicable"],
            "child_knows": ["yes"],
            "manager_knows": ["yes"],
            "parental_consent": ["given"],
            "given_by_name": [f"Kim {children[0][1]}"],
            "given_by_relationship": ["Mother"],
            "given_on_0": [str(today.day)],
            "given_on_1": [str(today.month)],
            "given_on_2": [str(today.year)],
            "method": ["in_person"],
            "told_what_shared": ["Our worries, to get the family help."],
            "child_consent": ["given"],
            "child_view": ["Wants help."],
        },
    }


def _override(area: Area) -> dict:
    """Urgent, without asking the parents: the significant-harm override a hub manager reviews."""
    return {
        "parent_knows": ["no"],
        "third_party_knows": ["not_applicable"],
        "child_knows": ["no"],
        "manager_knows": ["yes"],
        "parental_consent": ["not_sought"],
        "how_sought_and_refused": ["Asking would alert the adult we are worried about."],
        "significant_harm": ["yes"],
        "override_grounds": [ground for ground, _ in accepted_grounds(area)][:1],
        "lawful_basis": ["public_task"],
        "rationale": ["Unexplained injuries; telling the family first could put the child at risk."],
        "family_told": ["no"],
        "family_not_told_reason": ["Telling the family could increase the risk."],
        "overseeing_manager": ["Sam Head, headteacher"],
        "child_consent": ["not_asked"],
        "child_view": [""],
    }


def _levels(area: Area) -> list[int]:
    return list(area.framework.current_version().levels.values_list("number", flat=True))


def _top_level(area: Area) -> int:
    return max(_levels(area))


def _nearest_level(area: Area, wanted: int) -> int:
    """Frameworks number their levels differently (Blackpool has no level 3)."""
    return max(number for number in _levels(area) if number <= wanted)


def _walk(request: RequestForSupport, state: str, worker: User, manager: User) -> None:
    """Move a request the way a worker and a manager would, until it reaches `state`."""
    level = _top_level(request.area)
    if state in {"contact", "awaiting_approval", "closed"}:
        # Contacts the hub ends itself: at level 3 (with consent) for half, so the dashboard's matrix
        # of levels asked for and decided has agreement and disagreement to show (Blackpool has no 3).
        level = 3 if request.pk % 2 and 3 in _levels(request.area) else level

    def fresh() -> RequestForSupport:
        return RequestForSupport.objects.get(pk=request.pk)

    if state == "submitted":
        return
    services.triage_begin(request=fresh(), by=worker)
    if state == "triage_step":
        return
    basis = "s47" if state in {"strategy_discussion", "s47_enquiry"} else "s17"
    services.triage_screen(
        request=fresh(), by=worker, action="contact", level=level, statutory_basis=basis, reasons="Meets the threshold"
    )
    if state == "contact":
        return
    outcome = "nfa" if state in {"awaiting_approval", "closed"} else "referral"
    details = {"primary_need": "N1"} if outcome == "referral" else {}
    services.decision_propose(
        request=fresh(),
        by=worker,
        outcome=outcome,
        reasons="Proposed after checks",
        statutory_basis=basis,
        details=details,
    )
    if state == "awaiting_approval":
        return
    services.decision_approve(request=fresh(), by=manager, rationale="Agreed")
    if state in {"referral", "closed"}:
        return
    if state == "single_assessment":
        services.assessment_start(request=fresh(), by=worker)
        return
    services.s47_start(request=fresh(), by=worker, reasons="Injury to a young child")
    if state == "s47_enquiry":
        services.strategy_discussion_record(
            request=fresh(),
            by=worker,
            held_at=timezone.now(),
            attendees="Police, health, CSC",
            reasons="Enquiry agreed",
        )


def _people(area: Area) -> tuple[list[User], User, User]:
    """Referrers, a worker and a team manager for the area: the demo users where
    they work there, generated colleagues otherwise."""
    team = Team.objects.filter(area=area).first() or Team.objects.create(area=area, name=f"{area.name} MASH")
    agencies = list(Agency.objects.filter(area=area)) or [
        Agency.objects.create(name=f"{area.name} Academy", kind=Agency.Kind.SCHOOL, area=area)
    ]

    def person(username: str, role: Role, first: str, last: str, **extra) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "area": area,
                "email": f"{username}@example.org",
                **extra,
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(role_group(role))
        return user

    worker = person(f"{area.slug}-worker", Role.HUB_WORKER, "Jo", "Fielding", team=team, job_title="Early Help Officer")
    manager = person(f"{area.slug}-manager", Role.TEAM_MANAGER, "Sam", "Ormerod", team=team, job_title="Team Manager")
    referrers = [
        person(f"{area.slug}-referrer-{n}", Role.REFERRER, "Alex", name, agency=agency, job_title="Safeguarding lead")
        for n, (agency, name) in enumerate(
            zip(agencies, ["Hartley", "Nolan", "Pilling", "Quayle", "Riley"], strict=False)
        )
    ]
    demo = User.objects.filter(area=area, username__in=["referrer", "hubworker", "teammanager"]).in_bulk(
        field_name="username"
    )
    if demo:
        referrers.append(demo.get("referrer", referrers[0]))
        worker, manager = demo.get("hubworker", worker), demo.get("teammanager", manager)
    return referrers, worker, manager


def demo_year_load(*, per_area: int = 50, seed: int = 2026, progress=None, areas: list[str] | None = None) -> int:
    """Load the year once (in the areas with these slugs, or all). Returns how many requests it
    made (none if there is already work)."""
    if RequestForSupport.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not security
    firsts, lasts = FIRST.split(), LAST.split()
    made = 0
    states, weights, oldest = zip(*MIX, strict=True)
    chosen = Area.objects.filter(slug__in=areas) if areas else Area.objects.all()
    for area in chosen.select_related("framework").order_by("name"):
        referrers, worker, manager = _people(area)
        earlier: list[tuple[str, str, int]] = []
        for n in range(per_area):
            # Each area gets one recent request in every state first, then the journeys past the
            # front door (docs/architecture.md), then a year's mix.
            if 0 <= n - len(states) < len(JOURNEYS):
                referrer = referrers[n % len(referrers)]
                payload = lambda children, referrer=referrer, area=area: _payload(rng, area, referrer, children)  # noqa: E731
                walk = Walk(area=area, worker=worker, manager=manager, referrer=referrer, payload=payload)
                journey_walk(JOURNEYS[n - len(states)], walk, rng, firsts)
                made += 1
                continue
            cycle = n < len(states)
            state = states[n] if cycle else rng.choices(states, weights=weights)[0]
            max_age = 2 if cycle else oldest[states.index(state)]
            if earlier and state != "closed" and rng.random() < 0.15:
                children = [earlier[rng.randrange(len(earlier))]]  # a re-referral of a child seen before
            else:
                last = rng.choice(lasts)
                children = [(rng.choice(firsts), last, rng.randrange(1, 17))]
                if rng.random() < 0.25:
                    children.append((rng.choice(firsts), last, rng.randrange(1, 17)))
            referrer = referrers[n % len(referrers)]
            # Immediate risk moves itself into a contact at once (rule 8), so only new work carries it.
            urgent = state == "submitted" and (cycle or rng.random() < 0.3)
            data = _payload(rng, area, referrer, children, urgent=urgent)
            # One transaction per request: SQLite commits once, not once per move.
            with transaction.atomic():
                request, _ = request_create_via_api(data=data, by=referrer, idempotency_key=None)
                _walk(request, state, worker, manager)
                if state not in {"submitted", "closed"} and rng.random() < 0.7:
                    services.request_claim(request=RequestForSupport.objects.get(pk=request.pk), by=worker)
                # A child referred before is linked to their record (a re-referral); a child the hub
                # has worked on has a record of their own, so the returns can list them. But the newest
                # referral waits for its worker to match its child: census readiness lists it.
                unmatched = state == "submitted" or (cycle and state == "referral")
                children_identify(RequestForSupport.objects.get(pk=request.pk), worker, create=not unmatched)
                earlier.extend(children if state == "closed" else [])
                days = rng.randrange(0, max_age + 1)
                if cycle and state == "contact":
                    # Ten days old, so its one-working-day decision is overdue at any hour the demo is
                    # loaded: a clock started after the day's close, before a weekend or Christmas,
                    # runs up to six days ahead, and a first look should find something overdue.
                    days = 10
                records_shift_back(request, by=dt.timedelta(days=days, hours=rng.randrange(0, 8)), days=days)
            made += 1
        if progress:
            progress(f"{area.name}: {per_area} requests")
    return made
