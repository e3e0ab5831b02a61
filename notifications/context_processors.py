from django.http import HttpRequest

from .models import Notification


def unread(request: HttpRequest) -> dict:
    """How many notifications the signed-in person has not read: the menu shows it as a badge."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
