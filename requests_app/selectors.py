from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from hub.models import User

from .models import RequestDraft, RequestForSupport


def draft_for(*, user: User, draft_id) -> RequestDraft:
    """A referrer's own draft. Anyone else's is refused, not hidden behind a 404
    that would tell them nothing."""
    draft = get_object_or_404(RequestDraft.objects.select_related("owner"), pk=draft_id)
    if draft.owner_id != user.pk:
        raise PermissionDenied("This is someone else's draft.")
    if hasattr(draft, "submitted_request"):
        raise PermissionDenied("This draft has been sent.")
    return draft


def own_request(*, user: User, reference: str) -> RequestForSupport:
    request = get_object_or_404(
        RequestForSupport.objects.select_related("area", "framework_version__framework", "consent").prefetch_related(
            "children", "household", "deadlines", Prefetch("attachments")
        ),
        reference=reference,
    )
    if request.referrer_id != user.pk:
        raise PermissionDenied("You can only see requests you made.")
    return request


def my_requests(*, user: User):
    drafts = RequestDraft.objects.filter(owner=user, submitted_request=None).order_by("-updated_at")
    sent = (
        RequestForSupport.objects.filter(referrer=user)
        .select_related("area")
        .prefetch_related("children")
        .order_by("-received_at")
    )
    return drafts, sent
