"""Who may read a family copy, and what the copy holds.

The copy is built from an allow-list of the request's own fields: nothing else of the record
can reach it. Left out by construction (decision 0020): partner agencies' answers, household
members' notes, attachments, the police answers and strategy discussions, every decision's
reasons, screening and manager notes, case notes, questions and answers with the hub, the
history since social care was involved, and the whole consent record (its override rationale,
lawful basis, and what the family was or was not told)."""

from django.db.models import Prefetch

from hub.access import get_or_refuse, may_read_area_records, refuse
from hub.models import User
from requests_app.models import Child, RequestForSupport
from workflow.for_referrer import BELOW_THRESHOLD_ADVICE, WORRIES_CHANGE

from . import wording
from .models import FamilyCopyConfirmation, Stage
from .rules import child_words_shared, copy_withheld, stages_open

WORRY_FIELDS = tuple(wording.WORRY_PARTS)
# Paragraphs of the referrer's outcome that are advice to the referrer, not news for the family
# (triage/feedback.py writes them). The hub's number is in the copy's own "Who to talk to".
FOR_THE_REFERRER_ONLY = {BELOW_THRESHOLD_ADVICE, WORRIES_CHANGE}
HUB_PHONE_LINE = "If you have a question about this decision, call"


def outcome_for_family(feedback_text: str) -> list[str]:
    """What the referrer was told of the outcome (what was decided, what happens next, the note the
    worker wrote for them), without the advice meant for the referrer alone."""
    return [
        paragraph
        for paragraph in (part.strip() for part in feedback_text.split("\n\n"))
        if paragraph and paragraph not in FOR_THE_REFERRER_ONLY and not paragraph.startswith(HUB_PHONE_LINE)
    ]


def family_request(*, user: User, reference: str, stage: str, referrer_only: bool = False) -> RequestForSupport:
    """The request, if this person may see its family copy at `stage`: the referrer who sent it, or
    hub staff covering its area. A copy not open yet answers as a request that does not exist."""
    support_request = get_or_refuse(
        RequestForSupport.objects.select_related("area", "consent").prefetch_related(
            Prefetch("children", Child.objects.order_by("position"))
        ),
        lambda r: r.referrer_id == user.pk or (not referrer_only and may_read_area_records(user, r.area_id)),
        reference=reference,
    )
    if stage not in stages_open(support_request):
        refuse()
    return support_request


def child_name(child: Child) -> str:
    return child.full_name if child.first_name else f"the baby due on {child.expected_date:%-d %B %Y}"


def _names(children: list[Child]) -> str:
    names = [child_name(child) for child in children]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def family_copy(*, support_request: RequestForSupport, stage: str) -> dict:
    """The copy's words, filled in, and the fields of the request it shares (for the sharing log)."""
    r = support_request
    fill = {
        "referrer": r.referrer_name,
        "agency": r.referrer_agency,
        "area": r.area.name,
        "children": _names(list(r.children.all())),
        "date": f"{r.received_at:%-d %B %Y}",
        "phone": r.area.mash_phone,
    }
    worries = [(wording.WORRY_PARTS[name], getattr(r, name)) for name in WORRY_FIELDS if getattr(r, name).strip()]
    own_words = [
        (label, getattr(r, field), field)
        for label, field, shared in (
            (wording.CHILD_WORDS, "child_words", child_words_shared(r)),
            (wording.PARENT_WORDS, "parent_words", True),
        )
        if shared and getattr(r, field).strip()
    ]
    outcome = outcome_for_family(r.feedback_text) if stage == Stage.OUTCOME else []
    fields = ["children.first_name", "children.last_name", "received_at", "level_requested", "strengths"]
    fields += [name for name in WORRY_FIELDS if getattr(r, name).strip()]
    fields += [field for _, _, field in own_words]
    return {
        "stage": stage,
        "stage_title": wording.STAGE_TITLE[stage],
        "title": wording.TITLE,
        "headings": wording.HEADINGS,
        "why": wording.WHY.format(**fill),
        "asked": [wording.ASKED.format(**fill), wording.LEVEL[r.level_requested]],
        "strengths_intro": wording.STRENGTHS.format(**fill),
        "strengths": r.strengths,
        "worries_intro": wording.WORRIES.format(**fill),
        "worries": worries,
        "own_words_intro": wording.OWN_WORDS.format(**fill),
        "own_words": own_words,
        "next": wording.NEXT_SENT.format(**fill) if stage == Stage.SENT else "",
        "outcome_intro": wording.OUTCOME.format(**fill),
        "outcome": outcome,
        "contact": [
            wording.CONTACT.format(**fill),
            *([wording.HUB_PHONE.format(**fill)] if r.area.mash_phone else []),
            wording.DANGER,
        ],
        "fields_shared": [*fields, "referrer_name", "referrer_agency", *(["feedback_text"] if outcome else [])],
    }


def family_copy_page(*, support_request: RequestForSupport, stage: str, user: User) -> dict:
    """Everything the copy's page shows: the copy, or why there is none, and whether it was shared."""
    withheld = copy_withheld(support_request)
    return {
        "support_request": support_request,
        "stage": stage,
        "stages": stages_open(support_request),
        "withheld": withheld,
        "copy": None if withheld else family_copy(support_request=support_request, stage=stage),
        "confirmation": confirmation_of(support_request=support_request, stage=stage),
        "is_referrer": support_request.referrer_id == user.pk,
    }


def confirmation_of(*, support_request: RequestForSupport, stage: str) -> FamilyCopyConfirmation | None:
    """The confirmation of this stage's copy, if the referrer has given one (of this outcome)."""
    told_at = support_request.feedback_sent_at if stage == Stage.OUTCOME else None
    return (
        FamilyCopyConfirmation.objects.filter(request=support_request, stage=stage, outcome_told_at=told_at)
        .select_related("confirmed_by")
        .first()
    )
