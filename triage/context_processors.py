from django.http import HttpRequest

from .header import staff_counts


def urgent(request: HttpRequest) -> dict:
    """Hub staff see, on every page, how many immediate-risk requests nobody has claimed, and
    their unread notifications: both counts in one query, since every page pays for it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_perm("hub.work_queue")):
        return {}
    counts = staff_counts(request)
    return {"unread_notifications": counts.unread, "urgent_unclaimed": counts.urgent}
