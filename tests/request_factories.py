"""A request for support in each workflow state, made the way it happens for real.

Each function sends Rita's request through the API and walks it through the
triage services, one move at a time, so every state comes with the history,
deadlines, decisions and notifications that the moves before it write. None of
them sets the status field: a request that reached a state by a shortcut would
let a test pass on a request the service could never have produced.

`staff` is the triage `staff` fixture: Rita refers, Harry works the request and
proposes decisions, Tom (a team manager, who may accept referrals) approves.
They are all in Lancashire, so the request must be too. Pass `submitted` to walk
a request you already made (with the sections you need) instead of a new one;
otherwise `sections` go to the new request, as for `make_request`.
"""

import datetime as dt

from django.utils import timezone

from requests_app.models import RequestForSupport
from requests_app.services import request_create_via_api
from tests.helpers import fresh
from tests.requests_app import payloads
from triage import services


def make_request(referrer, **sections) -> RequestForSupport:
    """A request `referrer` sent through the API, built from `payloads.sections(**sections)`."""
    support_request, _ = request_create_via_api(data=payloads.sections(**sections), by=referrer, idempotency_key=None)
    return fresh(support_request)


def request_submitted(staff, **sections) -> RequestForSupport:
    return make_request(staff.rita, **sections)


def request_in_triage_step(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    if submitted is not None and sections:
        raise TypeError("Give either a submitted request or the sections for a new one, not both.")
    support_request = submitted or request_submitted(staff, **sections)
    services.triage_begin(request=fresh(support_request), by=staff.harry)
    return fresh(support_request)


def request_in_contact(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    # Level 4 becomes a contact with or without parental consent (rule 11).
    support_request = request_in_triage_step(staff, submitted, **sections)
    services.triage_screen(
        request=support_request,
        by=staff.harry,
        action="contact",
        level=4,
        statutory_basis="s17",
        reasons="Unexplained bruising",
    )
    return fresh(support_request)


def request_awaiting_approval(
    staff,
    submitted: RequestForSupport | None = None,
    *,
    outcome: str = "nfa",
    proposer=None,
    statutory_basis: str = "",
    **sections,
) -> RequestForSupport:
    """A contact decision proposed by Harry (or `proposer`), waiting for a manager."""
    support_request = request_in_contact(staff, submitted, **sections)
    # The census needs a primary need once a referral is accepted.
    details = {"primary_need": "N1"} if outcome == "referral" else {}
    services.decision_propose(
        request=support_request,
        by=proposer or staff.harry,
        outcome=outcome,
        reasons="Reasons for the proposed decision",
        statutory_basis=statutory_basis,
        details=details,
    )
    return fresh(support_request)


def request_in_referral(
    staff, submitted: RequestForSupport | None = None, *, statutory_basis: str = "s17", **sections
) -> RequestForSupport:
    support_request = request_awaiting_approval(
        staff, submitted, outcome="referral", statutory_basis=statutory_basis, **sections
    )
    services.decision_approve(request=support_request, by=staff.tom, rationale="Agreed with the proposal")
    return fresh(support_request)


def request_in_single_assessment(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    support_request = request_in_referral(staff, submitted, **sections)
    services.assessment_start(request=support_request, by=staff.harry)
    return fresh(support_request)


def request_in_strategy_discussion(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    """A section 47 enquiry started: the strategy discussion is still to be held."""
    support_request = request_in_referral(staff, submitted, statutory_basis="s47", **sections)
    services.s47_start(request=support_request, by=staff.harry, reasons="Bruising to a non-mobile baby")
    return fresh(support_request)


def request_in_s47_enquiry(
    staff, submitted: RequestForSupport | None = None, *, held_at: dt.datetime | None = None, **sections
) -> RequestForSupport:
    """The strategy discussion held (now, unless `held_at`), which starts the conference clock."""
    support_request = request_in_strategy_discussion(staff, submitted, **sections)
    services.strategy_discussion_record(
        request=support_request,
        by=staff.harry,
        held_at=held_at or timezone.now(),
        attendees="Police, health, CSC",
        reasons="Agreed to hold a section 47 enquiry",
    )
    return fresh(support_request)


def request_awaiting_icpc(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    """Further statutory intervention approved: the initial child protection conference is booked."""
    support_request = request_in_s47_enquiry(staff, submitted, **sections)
    services.decision_propose(
        request=support_request,
        by=staff.harry,
        outcome="further_statutory",
        reasons="Risk remains",
        details={"icpc_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat()},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale="Agreed with the proposal")
    return fresh(support_request)


def request_closed(staff, submitted: RequestForSupport | None = None, **sections) -> RequestForSupport:
    """Closed the shortest way a contact closes: no further action, approved."""
    support_request = request_awaiting_approval(staff, submitted, outcome="nfa", **sections)
    services.decision_approve(request=support_request, by=staff.tom, rationale="Agreed with the proposal")
    return fresh(support_request)


def phone_referral_taken(*, by, area, called_at=None):
    """A call from Rita about Ava, taken by `by` and sent to triage: no immediate risk, so its one
    clock is the 24-hour written follow-up (phone.services.phone_referral_record)."""
    from phone.services import phone_referral_record

    return phone_referral_record(
        by=by,
        area=area,
        called_at=called_at or timezone.now(),
        caller_name="Rita Patel",
        caller_agency="Ribble Valley Primary School",
        caller_phone="01234 567890",
        caller_email="rita@example.org",
        child_name="Ava Smith",
        worries="Bruising",
        immediate_risk=False,
        decision="triage",
    )
