"""The hub's services, by capability:

- moving.py: the one path every move takes; claiming and assigning;
- screening.py: the first look and screening a triage step;
- decisions.py: proposing, approving and returning decisions;
- statutory.py: assessment, section 47 and the conference;
- closing.py: closing a request and the referrer's feedback; withdrawal;
- notes.py: notes, the LADO, oversight of sharing without consent, consent withdrawal, missed deadlines,
  census corrections;
- checks.py, disagreements.py, retention.py: partner checks, disagreements, the purge.

Callers import the services from here.
"""

from workflow.fsm import TransitionRefused

from .checks import check_answer, check_request
from .closing import request_withdraw
from .decisions import decision_approve, decision_propose, decision_return
from .disagreements import disagreement_raise, disagreement_resolve
from .moving import ClaimConflict, request_assign, request_claim, requests_claim_or_assign
from .notes import (
    child_census_correct,
    consent_override_review,
    lado_told,
    note_add,
    referral_source_correct,
    request_consent_withdraw,
    request_deadline_explain,
)
from .retention import requests_purge_not_retained
from .screening import triage_begin, triage_screen, urgent_requests_begin
from .statutory import (
    assessment_extend,
    assessment_start,
    icpc_record,
    s47_start,
    strategy_discussion_convene,
    strategy_discussion_record,
)

__all__ = [
    "ClaimConflict",
    "TransitionRefused",
    "assessment_extend",
    "assessment_start",
    "check_answer",
    "check_request",
    "child_census_correct",
    "consent_override_review",
    "decision_approve",
    "decision_propose",
    "decision_return",
    "disagreement_raise",
    "disagreement_resolve",
    "icpc_record",
    "lado_told",
    "note_add",
    "referral_source_correct",
    "request_assign",
    "request_claim",
    "request_consent_withdraw",
    "request_deadline_explain",
    "request_withdraw",
    "requests_claim_or_assign",
    "requests_purge_not_retained",
    "s47_start",
    "strategy_discussion_convene",
    "strategy_discussion_record",
    "triage_begin",
    "triage_screen",
    "urgent_requests_begin",
]
