from hub.access import get_or_refuse, may_read_area_records
from hub.models import User
from requests_app.models import PhoneReferral


def phone_referral_for(*, user: User, reference: str) -> PhoneReferral:
    """A call a member of hub staff may read: recorded in their own area."""
    return get_or_refuse(
        PhoneReferral.objects.select_related("area", "recorded_by"),
        lambda phone: may_read_area_records(user, phone.area_id),
        reference=reference,
    )
