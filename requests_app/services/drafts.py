"""A referrer's drafts: kept at every Continue, warned about, then deleted."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hub.models import User
from notifications.models import Notification
from notifications.services import notification_create

from ..models import Attachment, RequestDraft
from ..sections import BY_KEY, item_name


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.DRAFT_RETENTION_DAYS)


def draft_create(*, owner: User) -> RequestDraft:
    return RequestDraft.objects.create(owner=owner, expires_at=_expiry())


def draft_save_section(*, draft: RequestDraft, key: str, raw: dict, index: int | None = None) -> RequestDraft:
    """Keep what was posted, valid or not; touching a draft restarts its retention period."""
    section = BY_KEY[key]
    if section.many:
        items = list(draft.data.get(key) or [])
        if index is None or index >= len(items):
            items.append(raw)
        else:
            items[index] = raw
        draft.data[key] = items
    else:
        draft.data[key] = raw
    draft.updated_at = timezone.now()
    draft.expires_at = _expiry()
    draft.expiry_warned_at = None
    draft.save(update_fields=["data", "updated_at", "expires_at", "expiry_warned_at"])
    return draft


def draft_remove_item(*, draft: RequestDraft, key: str, index: int, name: str) -> None:
    """Remove the entry at `index` if it is still the one named: a second click
    on "Yes, remove" must not remove the entry that has moved into its place."""
    items = list(draft.data.get(key) or [])
    if 0 <= index < len(items) and item_name(key, items[index]) == name:
        del items[index]
        draft.data[key] = items
        draft.updated_at = timezone.now()
        draft.save(update_fields=["data", "updated_at"])


def drafts_warn_expiring(*, now: dt.datetime | None = None) -> int:
    """Warn each owner once that their draft will be deleted soon."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=settings.DRAFT_EXPIRY_WARNING_DAYS)
    warned = 0
    due = RequestDraft.objects.filter(expires_at__lte=horizon, expiry_warned_at__isnull=True, submitted_request=None)
    for draft in due.select_related("owner"):
        with transaction.atomic():
            # Claim the warning: a second sweep running at once finds nothing to claim.
            if not RequestDraft.objects.filter(pk=draft.pk, expiry_warned_at__isnull=True).update(expiry_warned_at=now):
                continue
            notification_create(
                recipient=draft.owner,
                kind=Notification.Kind.DRAFT_EXPIRY,
                subject="Your draft request for support will be deleted soon",
                body=(
                    f"You started a request for support on {draft.created_at:%d %B %Y}. It will be deleted on "
                    f"{draft.expires_at:%d %B %Y} unless you continue it. Nothing about the child is in this email."
                ),
                link=draft.get_absolute_url(),
                dedupe_key=f"draft-expiry:{draft.pk}:{draft.expires_at:%Y%m%d}",
            )
            warned += 1
    return warned


def drafts_delete_expired(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = RequestDraft.objects.filter(expires_at__lte=now, submitted_request=None).delete()
    return deleted


def attachment_add(*, draft: RequestDraft, upload, kind: str, content_type: str, by: User) -> Attachment:
    """Keep a file the referrer attached to their draft (its type already checked from its bytes)."""
    if draft.owner_id != by.pk:
        raise PermissionDenied("This is someone else's draft.")
    return Attachment.objects.create(
        draft=draft,
        file=upload,
        original_name=upload.name[-200:],
        content_type=content_type,
        size=upload.size,
        kind=kind,
        uploaded_by=by,
    )


def draft_delete(*, draft: RequestDraft, by: User) -> None:
    """The referrer throws their draft away, with its files."""
    if draft.owner_id != by.pk:
        raise PermissionDenied("This is someone else's draft.")
    for attachment in draft.attachments.all():
        attachment.file.delete(save=False)
    draft.delete()
