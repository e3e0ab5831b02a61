from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.audit import audit_listed

from .models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient=request.user).order_by("-created_at")[:100])
    # Notifications quote children's first names and outcomes: reading them is reading the record.
    audit_listed(actor=request.user, objects=items, listed_in="notifications")
    response = render(request, "notifications/list.html", {"items": items, "page_title": "Notifications"})
    return response


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
