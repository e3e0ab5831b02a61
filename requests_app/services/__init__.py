"""Services for requests for support, by capability: drafts (drafts.py), accepting the
coaching's plainer wording (coaching.py) and submission (submission.py). Callers import them from here."""

from .coaching import draft_wording_accept
from .drafts import (
    attachment_add,
    draft_create,
    draft_delete,
    draft_remove_item,
    draft_save_section,
    drafts_delete_expired,
    drafts_warn_expiring,
)
from .phone_link import phone_referral_link
from .questions import question_answer, question_ask
from .submission import (
    IdempotencyConflict,
    SubmissionInvalid,
    request_create_via_api,
    request_submit,
)

__all__ = [
    "IdempotencyConflict",
    "SubmissionInvalid",
    "attachment_add",
    "draft_create",
    "draft_delete",
    "draft_remove_item",
    "draft_save_section",
    "draft_wording_accept",
    "drafts_delete_expired",
    "drafts_warn_expiring",
    "phone_referral_link",
    "question_answer",
    "question_ask",
    "request_create_via_api",
    "request_submit",
]
