"""The demo year's work past the front door: assessments, child in need plans, section 47
enquiries, conferences and child protection plans, early help, phoned referrals and
re-referrals, reaching back about 18 months, so the dashboard, the Annex A lists and both
census years have real records to show (issue 14).

The services stamp each event with the time it happens, so a journey is replayed step by
step: each step runs now, then everything the request holds so far moves back to where the
next step falls, and after the last step back to its own day. Each event then sits on its
planned working day (a conference on a weekend is a census error). A clock is worked out when
its step runs and moves with it: 15 and 45 working days are whole weeks, so its due day keeps
its weekday, though a bank holiday can move it a day or two from where the past would put it.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField, DateTimeField, F
from django.db.models.deletion import Collector
from django.utils import timezone

from children.episodes import episode_close, episode_cp_review_record
from children.matching import match_link, person_create
from children.models import Episode, Person
from children.records import person_record_update
from deadlines.calendar import LONDON, is_bank_holiday
from deadlines.models import Deadline
from hub.models import Area, AuditEvent, Team, User
from lib.dates import years_before
from phone.services import phone_referral_record
from requests_app.models import PhoneReferral, RequestForSupport
from requests_app.services import request_create_via_api

from . import services

DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
BIRTH_DATES = {"date_of_birth", "expected_date", "child_date_of_birth"}


@dataclass
class Walk:
    """Who works one journey, and the request it has made so far."""

    area: Area
    worker: User
    manager: User
    referrer: User
    payload: Callable[[list], dict]
    request: RequestForSupport | None = None
    phone: PhoneReferral | None = None

    def fresh(self) -> RequestForSupport:
        return RequestForSupport.objects.get(pk=self.request.pk)

    def team(self, kind: str) -> Team:
        names = {Team.Kind.EARLY_HELP: "Family Help", Team.Kind.ASSESSMENT: "Children and Families"}
        return Team.objects.get_or_create(area=self.area, name=f"{self.area.name} {names[kind]}", kind=kind)[0]


def upn_for(la_code: str, serial: int) -> str:
    """A well-formed unique pupil number: the DfE's check letter, the LA's code, then digits."""
    digits = f"{la_code}2001{serial % 100000:05d}"
    return CHECK_LETTERS[sum(int(d) * weight for weight, d in enumerate(digits, start=2)) % 23] + digits


def children_identify(request: RequestForSupport, worker: User, *, create: bool = True) -> None:
    """Link each child to their record, as a worker would (a re-referral), or make one, with the
    UPN or why there is none, and disabilities for some: what the census asks of a child."""
    for child in request.children.filter(person__isnull=True):
        known = Person.objects.filter(
            area=request.area, first_name=child.first_name, last_name=child.last_name, date_of_birth=child.date_of_birth
        ).first()
        if known is not None:
            match_link(child=child, person=known, by=worker)
        elif create:
            person = person_create(child=child, by=worker)
            young = child.date_of_birth and child.date_of_birth > years_before(timezone.localdate(), 4)
            codes = [DISABILITIES[person.pk % 12], DISABILITIES[(person.pk + 5) % 12]][: person.pk % 3]
            person_record_update(
                person=person,
                by=worker,
                upn="" if young else upn_for(request.area.la_code or "888", person.pk),
                upn_unknown_reason="UN1" if young else "",
                disabilities=codes or ["NONE"],
            )


def records_shift_back(request: RequestForSupport | None, *, by: dt.timedelta, days: int, phone=None) -> None:
    """Move every date and time held for this request (and the call before it) back, keeping their order."""
    groups: dict[type, set] = defaultdict(set)
    references = []
    if request is not None:
        collector = Collector(using="default")
        collector.collect([request])
        for model, objs in collector.data.items():
            groups[model].update(obj.pk for obj in objs)
        for qs in collector.fast_deletes:
            groups[qs.model].update(qs.values_list("pk", flat=True))
        references.append(request.reference)
        phone = phone or request.phone_referral
    if phone is not None:
        groups[PhoneReferral].add(phone.pk)
        groups[Deadline].update(Deadline.objects.filter(phone_referral=phone).values_list("pk", flat=True))
        references.append(phone.reference)
    groups[AuditEvent].update(AuditEvent.objects.filter(reference__in=references).values_list("pk", flat=True))
    for model, pks in groups.items():
        changes = {}
        for column in model._meta.concrete_fields:
            if column.name in BIRTH_DATES:
                continue  # a child keeps their birthday, whenever they were referred
            if isinstance(column, DateTimeField):
                changes[column.attname] = F(column.attname) - by
            elif isinstance(column, DateField):
                changes[column.attname] = F(column.attname) - dt.timedelta(days=days)
        if changes and pks:
            model.objects.filter(pk__in=pks).update(**changes)
    # Review dates are kept as a list of ISO dates, which an F() expression cannot move.
    for episode in Episode.objects.filter(child__request=request, cp_plan_start__isnull=False) if request else []:
        moved = [(dt.date.fromisoformat(day) - dt.timedelta(days=days)).isoformat() for day in episode.cp_review_dates]
        Episode.objects.filter(pk=episode.pk).update(cp_review_dates=moved)


# The steps of a journey ---------------------------------------------------------------


def _phoned(w: Walk) -> None:
    w.phone = phone_referral_record(
        by=w.worker,
        area=w.area,
        caller_name=w.referrer.display_name,
        caller_agency=w.referrer.agency.name if w.referrer.agency_id else "School",
        caller_phone="01234 567890",
        child_name="A child",
        worries="Bruising seen at school today",
        decision="triage",
        referral_source="2A",
    )


def _submitted(children: list, basis: str = "s17", *, low: bool = False) -> Callable[[Walk], None]:
    def step(w: Walk) -> None:
        data = w.payload(children)
        if w.phone is not None:
            data["about_you"]["phone_reference"] = [w.phone.reference]
        w.request, _ = request_create_via_api(data=data, by=w.referrer, idempotency_key=None)
        services.triage_begin(request=w.fresh(), by=w.worker)
        levels = list(w.area.framework.current_version().levels.values_list("number", flat=True))
        # Early help and no further action are decided at level 3, with consent (Blackpool has no level 3).
        level = 3 if low and 3 in levels else max(levels)
        services.triage_screen(
            request=w.fresh(), by=w.worker, action="contact", level=level, statutory_basis=basis, reasons="Meets it"
        )
        children_identify(w.fresh(), w.worker)

    return step


def _decided(outcome: str, basis: str = "s17", **given) -> Callable[[Walk], None]:
    """A decision proposed by the worker and approved by the manager: a contact's, an assessment's or an enquiry's."""

    def step(w: Walk) -> None:
        kind = w.fresh().status
        details = dict(given)
        if outcome == "referral":
            details["primary_need"] = "N1"
        if outcome == "family_help_service":
            details.update(handover_team=w.team(Team.Kind.EARLY_HELP).pk, lead_professional="Jo Fielding")
            details["family_agreed"] = True
        if kind != "contact":
            details.update(child_seen=True, primary_need=details.get("primary_need", "N1"))
        if outcome == "cin_plan":
            details["handover_team"] = w.team(Team.Kind.ASSESSMENT).pk
        services.decision_propose(
            request=w.fresh(),
            by=w.worker,
            outcome=outcome,
            reasons="Proposed after checks and a visit",
            statutory_basis=basis if kind == "contact" else "",
            details=details,
        )
        services.decision_approve(request=w.fresh(), by=w.manager, rationale="Agreed")

    return step


def _assessing(w: Walk) -> None:
    services.assessment_start(request=w.fresh(), by=w.worker)


def _enquiring(w: Walk) -> None:
    services.s47_start(request=w.fresh(), by=w.worker, reasons="Injuries the child could not explain")
    services.strategy_discussion_record(
        request=w.fresh(), by=w.worker, held_at=timezone.now(), attendees="Police, health, CSC", reasons="Enquiry"
    )


def _conference(category: str = "") -> Callable[[Walk], None]:
    def step(w: Walk) -> None:
        services.icpc_record(
            request=w.fresh(),
            by=w.worker,
            held_at=timezone.now(),
            outcome="cp_plan" if category else "no_cp_plan",
            reasons="Conference held",
            category=category,
            team=w.team(Team.Kind.ASSESSMENT),
            closure_reason="" if category else "RC7",
        )

    return step


def _reviewed(category: str = "") -> Callable[[Walk], None]:
    def step(w: Walk) -> None:
        for episode in Episode.objects.filter(child__request=w.request, cp_plan_start__isnull=False, cp_plan_end=None):
            episode_cp_review_record(episode=episode, on=timezone.localdate(), category=category, by=w.worker)

    return step


def _closed(reason: str) -> Callable[[Walk], None]:
    """The plan the front door handed on ends, and the child's episode closes with the census reason."""

    def step(w: Walk) -> None:
        for episode in Episode.objects.filter(child__request=w.request, stage="finished", closed_on=None):
            episode_close(episode=episode, reason=reason, on=timezone.localdate(), by=w.worker)

    return step


def _explained(kind: str, reason: str) -> Callable[[Walk], None]:
    """Why a clock was missed, as the worker records it for the timeliness figures."""

    def step(w: Walk) -> None:
        clock = w.fresh().deadlines.get(kind=kind)
        # Only a clock already missed: one started after the working day's close runs from the next
        # morning, so a demo loaded in the evening can find a clock meant to be late still on time.
        if clock.due_at <= (clock.met_at or timezone.now()):
            services.request_deadline_explain(request=w.fresh(), by=w.worker, deadline=clock.pk, reason=reason)

    return step


# The journeys ---------------------------------------------------------------------------

# (months ago, family, ages of the children, [(working days after the first step, hour, step)]).
# Family names the front-door mix never uses, so no child is matched by chance to another's record.
# A family named twice is the same child referred again: "Aspinall" has a second protection plan,
# "Fishwick" is a re-referral within 12 months. A string step is the contact's basis or its decision.
Step = tuple[int, int, Callable]
C, A, S, SD = Deadline.Kind.CONTACT_DECISION, Deadline.Kind.SINGLE_ASSESSMENT, Deadline.Kind.ICPC, "s47"
# fmt: off
JOURNEYS: list[tuple[int, str, tuple[int, ...], list[Step]]] = [
    (17, "Aspinall", (7,), [(0, 9, SD), (0, 15, "referral"), (1, 10, _enquiring),
     (8, 11, _decided("further_statutory", assessment_factors=["3A", "16A"])), (13, 10, _conference("PHY")),
     (70, 10, _reviewed()), (150, 14, _closed("RC7"))]),
    (16, "Birtwistle", (9,), [(0, 10, "s17"), (0, 16, "referral"), (1, 10, _assessing),
     (28, 12, _decided("nfa", assessment_factors=["21"], closure_reason="RC8"))]),
    (14, "Catterall", (5, 11), [(0, 11, "s17"), (3, 14, "referral"),
     (3, 15, _explained(C, "Waiting for police checks")), (4, 10, _assessing),
     (60, 12, _decided("targeted_services", assessment_factors=["4B", "1B"], closure_reason="RC9")),
     (60, 13, _explained(A, "The family were away for three weeks"))]),
    (13, "Duckworth", (8,), [(0, 9, "s17"), (0, 13, "referral"), (1, 10, _assessing),
     (40, 11, _decided("cin_plan", assessment_factors=["3C", "4B"])), (140, 10, _closed("RC7"))]),
    (12, "Eccles", (13,), [(0, 10, SD), (0, 12, "referral"), (1, 14, _enquiring),
     (9, 11, _decided("no_concerns", assessment_factors=["2B"], closure_reason="RC7"))]),
    (11, "Fishwick", (6,), [(0, 10, "s17"), (0, 14, "referral"), (1, 9, _assessing),
     (22, 15, _decided("advice", assessment_factors=["21"], closure_reason="RC8"))]),
    # Its conference is days late, not hours: a clock started after the working day's close counts
    # from the next morning, so a demo loaded in the evening once found it on time.
    (10, "Gregson", (4, 10), [(0, 11, SD), (0, 15, "referral"), (1, 10, _enquiring),
     (9, 14, _decided("further_statutory", assessment_factors=["18B", "3A"])), (23, 10, _conference("EMO")),
     (23, 11, _explained(S, "Conference moved: a parent was in hospital")), (80, 10, _reviewed("MUL")),
     (190, 10, _reviewed())]),
    (9, "Hargreaves", (12,), [(0, 9, "s17"), (4, 10, "referral"), (5, 10, _assessing),
     (50, 15, _decided("cin_plan", assessment_factors=["4A"]))]),
    (8, "Isherwood", (8,), [(0, 10, _phoned), (0, 13, "s17"), (0, 15, "referral"), (1, 10, _assessing),
     (26, 11, _decided("nfa", assessment_factors=["21"], closure_reason="RC8"))]),
    (7, "Jagger", (3,), [(0, 10, "s17"), (0, 15, "family_help_service")]),
    (6, "Aspinall", (7,), [(0, 10, SD), (0, 14, "referral"), (1, 10, _enquiring),
     (7, 12, _decided("further_statutory", assessment_factors=["16A"])), (11, 10, _conference("PHY")),
     (70, 11, _reviewed())]),
    (5, "Kershaw", (14,), [(0, 10, SD), (0, 16, "referral"), (1, 11, _enquiring),
     (8, 10, _decided("further_statutory", assessment_factors=["22A"])), (12, 10, _conference())]),
    (4, "Fishwick", (6,), [(0, 10, "s17"), (0, 12, "referral"), (1, 10, _assessing),
     (35, 12, _decided("cin_plan", assessment_factors=["8B"]))]),
    (3, "Lomax", (10,), [(0, 9, _phoned), (1, 16, "s17"), (2, 11, "family_help_service")]),
    (2, "Marsden", (11,), [(0, 10, "s17"), (4, 10, "nfa"), (4, 11, _explained(C, "Waiting for health checks"))]),
]
# fmt: on


def _working(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def _working_days_after(day: dt.date, count: int) -> dt.date:
    while not _working(day):
        day += dt.timedelta(days=1)
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not _working(day):
            day += dt.timedelta(days=1)
    return day


def _steps(journey, children: list, rng: random.Random) -> list[tuple[dt.datetime, Callable]]:
    """The journey's steps with the moment each happens, those still in the future left out."""
    months, _, _, plan = journey
    basis = next(what for _, _, what in plan if what in {"s17", SD})
    low = any(what in {"family_help_service", "nfa"} for _, _, what in plan)
    first = timezone.localdate() - dt.timedelta(days=round(months * 30.4) + rng.randrange(0, 10))
    timed = []
    for offset, hour, what in plan:
        if isinstance(what, str):  # a basis starts the request; an outcome is the contact's decision
            what = _submitted(children, basis, low=low) if what in {"s17", SD} else _decided(what, basis=basis)
        moment = dt.datetime.combine(_working_days_after(first, offset), dt.time(hour, rng.randrange(60)), LONDON)
        timed.append((moment, what))
    return [(moment, what) for moment, what in timed if moment < timezone.now() - dt.timedelta(hours=1)]


def journey_walk(journey, w: Walk, rng: random.Random, firsts: list[str]) -> RequestForSupport:
    """Replay one journey for `w`'s area: each step now, then everything so far back to the next step's time."""
    _, family, ages, _ = journey
    children = [(firsts[(len(family) + n * 7) % len(firsts)], family, age) for n, age in enumerate(ages)]
    steps = _steps(journey, children, rng)
    with transaction.atomic():
        for index, (moment, step) in enumerate(steps):
            step(w)
            following = steps[index + 1][0] if index + 1 < len(steps) else timezone.now()
            days = (timezone.localdate(following) - timezone.localdate(moment)).days
            request = w.fresh() if w.request else None
            records_shift_back(request, by=following - moment, days=days, phone=w.phone)
    return w.request
