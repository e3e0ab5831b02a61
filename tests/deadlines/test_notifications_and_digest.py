import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from deadlines.messages import digest_send
from deadlines.models import Deadline
from hub.roles import Role
from notifications.models import Notification
from requests_app.services import request_create_via_api
from tests.factories import persona
from tests.requests_app import payloads
from triage import services

pytestmark = pytest.mark.django_db


def test_managers_get_one_daily_digest_of_due_and_overdue_work() -> None:
    rita, tom = persona(Role.REFERRER), persona(Role.TEAM_MANAGER)
    late, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    today, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    now = timezone.now().replace(hour=9)
    Deadline.objects.filter(request=late).update(due_at=now - dt.timedelta(days=2))
    Deadline.objects.filter(request=today).update(due_at=now + dt.timedelta(minutes=30))
    assert digest_send(now=now) == 1
    assert digest_send(now=now) == 1  # run twice the same day: still one digest
    (digest,) = Notification.objects.filter(kind="digest", recipient=tom)
    assert digest.subject == "Lancashire: 1 overdue, 1 due today"
    assert late.reference in digest.body and today.reference in digest.body


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read() -> None:
    harry = persona(Role.HUB_WORKER)
    Notification.objects.create(recipient=harry, kind="reminder", subject="RFS-1: due soon", body="b")
    client = Client()
    client.force_login(harry)
    home = client.get("/").content.decode()
    assert "Notifications" in home and '>1<span class="govuk-visually-hidden"> unread' in home
    assert "RFS-1: due soon" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert "unread" not in client.get("/").content.decode()


def test_a_missed_deadline_records_why_for_timeliness_reporting() -> None:
    rita, harry = persona(Role.REFERRER), persona(Role.HUB_WORKER)
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    clock = support_request.deadlines.get()
    Deadline.objects.filter(pk=clock.pk).update(due_at=timezone.now() - dt.timedelta(hours=5))
    client = Client()
    client.force_login(harry)
    page = client.get(f"/triage/requests/{support_request.reference}/").content.decode()
    assert "Record why a deadline was missed" in page
    client.post(
        f"/triage/requests/{support_request.reference}/explain/",
        {"explain-deadline": clock.pk, "explain-reason": "Police checks took two days"},
    )
    assert Deadline.objects.get(pk=clock.pk).breach_reason == "Police checks took two days"


def test_an_allegation_against_a_professional_opens_a_one_working_day_lado_clock_met_when_told() -> None:
    rita, harry = persona(Role.REFERRER), persona(Role.HUB_WORKER)
    data = payloads.sections()
    data["worries"]["allegation_against_professional"] = ["yes"]
    data["worries"].update(
        {key: [value] for key, value in payloads.date_parts("allegation_known_on", timezone.localdate()).items()}
    )
    support_request, _ = request_create_via_api(data=data, by=rita, idempotency_key=None)
    lado = support_request.deadlines.get(kind="lado_notification")
    assert lado.unit == "1 working day" and lado.state == "open"
    services.lado_told(request=support_request, by=harry, note="Told the LADO duty officer by phone at 10:15")
    assert Deadline.objects.get(pk=lado.pk).state == "met"
