"""Finding a child among the children already known (docs/domain.md §5.3).

Candidates come from indexed lookups (NHS number; date of birth, as written
or with day and month swapped; surname), then each is scored in Python for
typos. The worker links or rejects each suggestion; nothing is linked
automatically.
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import connection, transaction
from django.db.models import Count, F, Q, Value, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone

from hub.audit import audit_record
from hub.models import AuditEvent, User
from lib.answers import YesNoUnknown
from requests_app.models import Child, RequestForSupport
from returns.characteristics import Disability

from .models import MatchDecision, Person

THRESHOLD = 0.75


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalpha())


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _swapped(day: dt.date) -> dt.date | None:
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _dob_score(a: dt.date | None, b: dt.date | None) -> tuple[float, str]:
    if not a or not b:
        return 0.0, ""
    if a == b:
        return 1.0, "same date of birth"
    if _swapped(a) == b:
        return 0.9, "date of birth with day and month swapped"
    differing = sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True))
    if differing == 1:
        return 0.7, "date of birth one digit different"
    return 0.0, ""


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    reasons: tuple[str, ...]


def _candidates(child: Child):
    """The known children worth scoring for this child: the first 200 by id that share its surname,
    its date of birth (as written or with day and month swapped) or its NHS number, in the request's
    own area (another area's records are not this hub's to show), less those a worker already decided."""
    dobs = [d for d in (child.date_of_birth, child.date_of_birth and _swapped(child.date_of_birth)) if d]
    candidates = (
        Q(last_name__iexact=child.last_name) | Q(date_of_birth__in=dobs)
        if dobs
        else Q(last_name__iexact=child.last_name)
    )
    if child.nhs_number:
        candidates |= Q(nhs_number=child.nhs_number)
    decided = MatchDecision.objects.filter(child=child).values_list("person_id", flat=True)
    return (
        Person.objects.filter(candidates, area_id=child.request.area_id)
        .exclude(pk__in=decided)
        .annotate(last_lower=Lower("last_name"), for_child=Value(child.pk))
        .order_by("pk")[:200]
    )


def matches_for_children(children: list[Child], *, limit: int = 10) -> dict[int, list[Match]]:
    """Likely existing records for each of a request's children (by id), best first. On PostgreSQL
    one query asks for every child's candidates, each child's still cut at its own 200; SQLite
    (`make run`) cannot cut the parts of a UNION, so it asks once a child."""
    parts = [_candidates(child) for child in children]
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        people = list(parts[0].union(*parts[1:], all=True))
    else:
        people = [person for part in parts for person in part]
    found: dict[int, list[Person]] = {child.pk: [] for child in children}
    for person in people:
        found[person.for_child].append(person)
    return {child.pk: _scored(child, found[child.pk], limit) for child in children}


def _scored(child: Child, people: list[Person], limit: int) -> list[Match]:
    found = []
    for person in people:
        if child.nhs_number and person.nhs_number == child.nhs_number:
            found.append(Match(person, 1.0, ("same NHS number",)))
            continue
        first = _similar(child.first_name, person.first_name)
        last = _similar(child.last_name, person.last_name)
        dob, dob_reason = _dob_score(child.date_of_birth, person.date_of_birth)
        score = 0.3 * first + 0.3 * last + 0.4 * dob
        if score >= THRESHOLD:
            reasons = [dob_reason] if dob_reason else []
            reasons.append("same name" if first == last == 1.0 else "similar name")
            found.append(Match(person, round(score, 2), tuple(reasons)))
    return sorted(found, key=lambda m: -m.score)[:limit]


@transaction.atomic
def match_link(*, child: Child, person: Person, by: User) -> Child:
    """This child is that person: link them; an open case routes the request (rule 6)."""
    MatchDecision.objects.update_or_create(child=child, person=person, defaults={"linked": True, "by": by})
    Child.objects.filter(pk=child.pk).update(person=person)
    if person.open_case:
        RequestForSupport.objects.filter(pk=child.request_id).update(
            open_case_note=f"{person.first_name} {person.last_name} is open to children's social care"
            + (f": allocated worker {person.allocated_worker}" if person.allocated_worker else "")
        )
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=child.request, detail={"linked_person": person.pk})
    child.refresh_from_db()
    return child


def match_reject(*, child: Child, person: Person, by: User) -> None:
    MatchDecision.objects.update_or_create(child=child, person=person, defaults={"linked": False, "by": by})


@transaction.atomic
def person_create(*, child: Child, by: User) -> Person:
    """No match: this child is new to the service."""
    request = child.request
    person = Person.objects.create(
        area=request.area,
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth,
        nhs_number=child.nhs_number,
        # Nobody types twice: a referrer's "no disability" is the census's NONE; anything else a worker codes.
        disabilities=[Disability.NONE] if child.disability == YesNoUnknown.NO else [],
    )
    Child.objects.filter(pk=child.pk).update(person=person)
    audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=person, reference=request.reference)
    return person


def earlier_requests_counts(person_ids: list[int], *, before: dt.datetime | None = None) -> dict[int, int]:
    """For each known child (by person id), the requests naming them in the 12 months before: what a
    worker sees at a glance, in one query for a request's children. The census's re-referral counts
    referrals, per episode (children.episodes.rereferral)."""
    before = before or timezone.now()
    counted = (
        Child.objects.filter(
            person_id__in=person_ids,
            request__received_at__gte=before - dt.timedelta(days=365),
            request__received_at__lt=before,
        )
        .values("person_id")
        .annotate(n=Count("request_id", distinct=True))
        .values_list("person_id", "n")
    )
    return dict.fromkeys(person_ids, 0) | dict(counted)


def earlier_children(person_ids: list[int], *, besides: RequestForSupport, most: int = 10) -> dict[int, list[Child]]:
    """Each known child's appearances in other requests (by person id), latest first, at most `most`
    each, with their requests: one query for a request's children, however many."""
    latest_first = Window(RowNumber(), partition_by=F("person_id"), order_by=F("request__received_at").desc())
    rows = (
        Child.objects.filter(person_id__in=person_ids)
        .exclude(request=besides)
        .select_related("request")
        .annotate(nth=latest_first)
        .filter(nth__lte=most)
        .order_by("person_id", "nth")
    )
    found: dict[int, list[Child]] = {person_id: [] for person_id in person_ids}
    for child in rows:
        found[child.person_id].append(child)
    return found
