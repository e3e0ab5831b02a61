from django.http import HttpRequest

from .models import Notification


def unread_for(user):
    """The signed-in person's unread notifications: the menu shows how many as a badge."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread(request: HttpRequest) -> dict:
    """The badge's count for people outside the hub. Hub staff get it from the hub's own
    header counts (triage.context_processors.urgent), read in the same query as theirs."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated) or user.has_perm("hub.work_queue"):
        return {}
    return {"unread_notifications": unread_for(user).count()}
