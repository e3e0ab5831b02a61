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

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
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


def matches_for(child: Child, *, limit: int = 10) -> list[Match]:
    """Likely existing records for this child, best first."""
    dobs = [d for d in (child.date_of_birth, child.date_of_birth and _swapped(child.date_of_birth)) if d]
    candidates = (
        Q(last_name__iexact=child.last_name) | Q(date_of_birth__in=dobs)
        if dobs
        else Q(last_name__iexact=child.last_name)
    )
    if child.nhs_number:
        candidates |= Q(nhs_number=child.nhs_number)
    decided = MatchDecision.objects.filter(child=child).values_list("person_id", flat=True)
    people = (
        # Only children known in the request's own area: another area's records are not this hub's to show.
        Person.objects.filter(candidates, area_id=child.request.area_id)
        .exclude(pk__in=decided)
        .annotate(last_lower=Lower("last_name"))
        .order_by("pk")[:200]
    )
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


def earlier_requests_count(person: Person, *, before: dt.datetime | None = None) -> int:
    """Requests naming this child in the 12 months before: what a worker sees at a glance.
    The census's re-referral counts referrals, per episode (children.episodes.rereferral)."""
    before = before or timezone.now()
    return (
        RequestForSupport.objects.filter(
            children__person=person, received_at__gte=before - dt.timedelta(days=365), received_at__lt=before
        )
        .distinct()
        .count()
    )
