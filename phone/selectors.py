from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from hub.models import User
from requests_app.models import PhoneReferral


def phone_referral_for(*, user: User, reference: str) -> PhoneReferral:
    """A call a member of hub staff may read: recorded in their own area."""
    phone = get_object_or_404(PhoneReferral.objects.select_related("area", "recorded_by"), reference=reference)
    if not user.has_perm("hub.view_child_record") or phone.area_id != user.area_id:
        raise PermissionDenied("This call was recorded in another area.")
    return phone
