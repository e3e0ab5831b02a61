"""The referrer accepts a plainer wording the coaching suggested."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hub.models import User

from ..coaching.answers import TEXT_FIELDS
from ..coaching.checks import wording_replace
from ..models import RequestDraft


def draft_wording_accept(*, draft: RequestDraft, field: str, phrase: str, by: User) -> dict | None:
    """Replace `phrase` in the draft's answer to `field` with the list's plainer alternative, and
    record the choice in the draft (`data["coaching"]["accepted"]`), which sending carries into the
    request. Returns what was accepted; None when the phrase is no longer in the answer (a second
    click, or the answer was changed), so nothing happens twice."""
    if draft.owner_id != by.pk:
        raise PermissionDenied("This is someone else's draft.")
    if field not in TEXT_FIELDS:
        return None
    worries = dict(draft.data.get("worries") or {})
    replaced = wording_replace(str((worries.get(field) or [""])[0]), phrase)
    if replaced is None:
        return None
    text, term = replaced
    worries[field] = [text]
    accepted = {"field": field, "phrase": phrase, "alternative": term["alternative"], "at": timezone.now().isoformat()}
    coaching = dict(draft.data.get("coaching") or {})
    coaching["accepted"] = [*coaching.get("accepted", []), accepted]
    draft.data = {**draft.data, "worries": worries, "coaching": coaching}
    draft.updated_at = timezone.now()
    draft.save(update_fields=["data", "updated_at"])
    return accepted
