"""Read-side questions for the referrer's pages, each with its permission check."""

from django.db.models import Prefetch
from django.urls import reverse

from hub.access import get_or_refuse, may_read_area_records
from hub.area_policy import OverrideGround
from hub.audit import audit_record
from hub.models import AuditEvent, User
from lib.answers import YesNo
from thresholds.rules import facts_in_words
from thresholds.suggestion import level_suggest

from .coaching import answers_from_sections, coaching_review
from .coaching.links import finding_out
from .forms import AttachmentForm
from .models import Attachment, RequestDraft, RequestForSupport
from .sections import BY_KEY, GROUPS, SECTIONS, Context, answered_immediate_risk, as_data, form_for, sections_validate


class DraftSent(Exception):
    """The draft asked for has been sent; its request is where the referrer belongs."""

    def __init__(self, request: RequestForSupport) -> None:
        super().__init__(request.reference)
        self.request = request


def draft_for(*, user: User, draft_id) -> RequestDraft:
    """A referrer's own draft; anyone else's answers as if it did not exist.
    A draft is a child's record in the making, so each read is audited here,
    in the one place every draft page fetches it."""
    draft = get_or_refuse(RequestDraft.objects.select_related("owner"), lambda d: d.owner_id == user.pk, pk=draft_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=draft)
    if hasattr(draft, "submitted_request"):
        # Back or a Change link on a sent draft: take the referrer to what they sent.
        raise DraftSent(draft.submitted_request)
    return draft


def own_request(*, user: User, reference: str) -> RequestForSupport:
    return get_or_refuse(
        RequestForSupport.objects.select_related("area", "framework_version__framework", "consent").prefetch_related(
            "children", "household", "deadlines", Prefetch("attachments")
        ),
        lambda request: request.referrer_id == user.pk,
        reference=reference,
    )


def sent_copy(*, support_request: RequestForSupport) -> dict:
    """What requests_app/_sent.html needs to show everything the referrer sent, as they answered it."""
    consent = support_request.consent
    return {
        "support_request": support_request,
        "consent": consent,
        "withdrawals": consent.withdrawals.all(),
        "household": support_request.household.all(),
        "indicators": support_request.indicators.select_related("level", "domain"),
        "facts": facts_in_words(support_request.facts),
        "attachments": support_request.attachments.all(),
        "override_grounds": [OverrideGround(g).label for g in consent.override_grounds if g in OverrideGround.values],
    }


def draft_coaching(*, draft: RequestDraft) -> list[dict]:
    """The coaching on a draft's answers, each finding with a link that lands on its question
    and comes back to check answers (as a Change link does)."""
    out = []
    for finding in coaching_review(answers_from_sections(draft.data)):
        item = finding_out(finding)
        page = reverse("requests:section", args=[draft.pk, finding.section])
        out.append(item | {"link": f"{page}?return_to=check#{item['anchor']}", "form_field": finding.field})
    return out


def my_requests(*, user: User):
    drafts = RequestDraft.objects.filter(owner=user, submitted_request=None).order_by("-updated_at")
    sent = (
        RequestForSupport.objects.filter(referrer=user)
        .select_related("area")
        .prefetch_related("children")
        .order_by("-received_at")
    )
    return drafts, sent


def level_page_extra(*, draft: RequestDraft, ctx: Context, form) -> dict:
    """What the level question shows beside the form: the advisory suggestion from
    the ticked indicators, and the framework's warning when a level expects an
    Early Help Assessment the referrer says was not done."""
    version = ctx.area.framework.current_version()
    indicators = as_data(draft.data.get("indicators"))
    indicators_form = form_for("indicators", ctx, data=indicators)
    facts = indicators_form.cleaned_data.get("facts", {}) if indicators_form.is_valid() else {}
    ids = [int(pk) for pk in indicators.getlist("indicators") if pk.isdigit()]
    prior_eha = as_data(draft.data.get("worries")).get("prior_eha") == YesNo.YES
    # Immediate risk goes straight to the hub: no early help is expected first.
    expects_eha = (
        version.levels.filter(expects_prior_early_help=True).order_by("number").first()
        if not (prior_eha or answered_immediate_risk(draft.data))
        else None
    )
    return {
        "suggestion": level_suggest(version=version, indicator_ids=ids, facts=facts),
        "area": ctx.area,
        "eha_level": expects_eha,
        "chosen": form.data.get("level") if form.is_bound else None,
    }


def section_extra(*, key: str, draft: RequestDraft, ctx: Context, form) -> dict:
    """Anything a question page shows besides its own form."""
    if key == "level" and ctx.area is not None:
        return level_page_extra(draft=draft, ctx=ctx, form=form)
    if key == "indicators":
        return {"area": ctx.area, "checked": set(form.data.getlist("indicators")) if form.is_bound else set()}
    if key == "worries":
        return {
            "attachments": draft.attachments.all(),
            "upload_form": AttachmentForm(action=reverse("requests:upload", args=[draft.pk])),
        }
    return {}


def task_list_rows(*, draft: RequestDraft, user: User) -> dict:
    """The task list: each group of sections with its status, and whether the request can be sent."""
    validation = sections_validate(draft.data, user)
    groups = [
        (title, [(BY_KEY[key], validation.status.get(key, "not_started")) for key in keys]) for title, keys in GROUPS
    ]
    done = sum(1 for status in validation.status.values() if status == "completed")
    return {"groups": groups, "done": done, "total": len(SECTIONS), "ready": validation.ok}


def attachment_for(*, user: User, attachment_id) -> Attachment:
    """A file its uploader may open, or hub staff in the request's area once it is sent."""

    def may_open(attachment: Attachment) -> bool:
        owner = attachment.draft.owner_id if attachment.draft_id else attachment.request.referrer_id
        staff = attachment.request_id and may_read_area_records(user, attachment.request.area_id)
        return user.pk == owner or bool(staff)

    return get_or_refuse(Attachment.objects.select_related("request", "draft"), may_open, pk=attachment_id)
