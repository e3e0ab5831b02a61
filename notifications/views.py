from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient=request.user).order_by("-created_at")[:100])
    response = render(request, "notifications/list.html", {"items": items, "page_title": "Notifications"})
    return response


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
