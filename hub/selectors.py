"""Questions about areas and the people in them, each answered in one place."""

from django.db.models import QuerySet

from .models import Agency, Area, User

# Managers of an area's front door hold this capability (hub/roles.py):
# practice managers and team managers.
MANAGER_PERMISSION = "hub.assign_work"


def _people_with(permission: str, **where) -> QuerySet[User]:
    app_label, codename = permission.split(".")
    return (
        User.objects.filter(
            is_active=True,
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
            **where,
        )
        .distinct()
        .order_by("pk")
    )


def area_people_with(area: Area, permission: str) -> QuerySet[User]:
    """Active people in `area` whose role grants `permission` ("app.codename")."""
    return _people_with(permission, area=area)


def agency_people_with(agency: Agency, permission: str) -> QuerySet[User]:
    """Active people of a partner agency whose role grants `permission`."""
    return _people_with(permission, agency=agency)


def area_managers(area: Area) -> QuerySet[User]:
    """The area's managers: who gets escalations, oversight reviews and the daily digest."""
    return area_people_with(area, MANAGER_PERMISSION)


def area_for_postcode(postcode: str) -> Area | None:
    """The area whose postcode districts include this postcode's, to suggest it
    (the referrer confirms). None when no area claims the district."""
    postcode = (postcode or "").strip().upper()
    district = postcode.split(" ")[0] if " " in postcode else postcode[:-3]
    if not district:
        return None
    for area in Area.objects.filter(framework__isnull=False):
        if district in (area.postcode_districts or []):
            return area
    return None
