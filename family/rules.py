"""What the consent rules let a family copy hold, or whether there may be one at all
(docs/domain.md §4 "Telling the family", decision 0020). One home for these answers: the page,
the PDF and the confirmation all ask here."""

from consent.choices import ChildConsent
from lib.answers import YesNo
from requests_app.models import RequestForSupport
from workflow.states import State

from . import wording
from .models import Stage


def copy_withheld(support_request: RequestForSupport) -> str:
    """Why no family copy may be made of this request, in words for the referrer; '' if one may.

    - The referrer recorded that the family was not told because telling them could put the child
      or others at risk (000, 002, 003): a copy would tell them.
    - An allegation against someone who works with children: the LADO decides what the family
      hears, and when, so that an enquiry is not put at risk (002).
    - A strategy discussion to hold, or a section 47 enquiry under way: the strategy discussion decides
      what the parents are told and when (Working Together 2023, docs/domain.md). Once the enquiry
      has ended the family has been part of it, and a copy can be made."""
    if support_request.consent.family_told == YesNo.NO:
        return wording.NOT_TOLD
    if support_request.allegation_against_professional:
        return wording.ALLEGATION
    if support_request.status in CHILD_PROTECTION_UNDER_WAY:
        return wording.CHILD_PROTECTION
    return ""


CHILD_PROTECTION_UNDER_WAY = {State.STRATEGY_DISCUSSION, State.S47_ENQUIRY}


def child_words_shared(support_request: RequestForSupport) -> bool:
    """A child who refused consent to sharing may have confided in the referrer: their words stay out."""
    return support_request.consent.child_consent != ChildConsent.REFUSED


def stages_open(support_request: RequestForSupport) -> list[str]:
    """The copies that can be made now: one once sent (not once purged: rule 9), and one once the
    referrer has been told an outcome (rule 22 decides whether they are)."""
    if support_request.status == State.NOT_RETAINED:
        return []
    return [Stage.SENT, *([Stage.OUTCOME] if support_request.feedback_sent_at else [])]
