"""Immediate risk is told to everyone who can act on it, at once."""

from hub.models import Area
from hub.selectors import MANAGER_PERMISSION, area_people_with
from notifications.models import Notification
from notifications.services import notification_create


def urgent_notify(*, area: Area, reference: str, link: str, about: str) -> int:
    """Immediate risk reaches the area's managers and every worker on the queue at once, in the
    service and by email, in office hours or not. (There is no duty rota yet: everyone is told.)
    `about` names the record by its id ("request:42"): a reference can come round again once the
    request that held it is purged, and its alerts' keys would then stop the new ones."""
    told = 0
    people = {*area_people_with(area, MANAGER_PERMISSION), *area_people_with(area, "hub.work_queue")}
    for person in sorted(people, key=lambda p: p.pk):
        notification_create(
            recipient=person,
            kind=Notification.Kind.WORK,
            subject=f"Immediate risk: {reference} needs someone now",
            body=f"{reference} was flagged as immediate risk of harm. Claim it from the immediate risk tab.",
            link=link,
            dedupe_key=f"urgent:{about}:{person.pk}",
        )
        told += 1
    return told
