"""Reminders and escalations: sent before and after the due time, each exactly
once, with two sweeps at once, a retried task, or an emptied broker."""

import datetime as dt
import threading

import pytest
import redis
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.services import deadlines_sweep
from deadlines.tasks import sweep_deadlines
from hub.models import Area
from hub.roles import Role
from notifications.models import Notification
from notifications.sending import notifications_pending
from notifications.tasks import send_notification, sweep_notifications
from requests_app.services import request_create_via_api
from tests.factories import persona
from tests.request_factories import phone_referral_taken
from tests.requests_app import payloads
from triage import services

from .conftest import real_worker, subjects, wait_for


def submitted_request(**people):
    rita = persona(Role.REFERRER, email="rita@example.org")
    harry = persona(Role.HUB_WORKER, email="harry@example.org")
    priya = persona(Role.PRACTICE_MANAGER, email="priya@example.org")
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    services.request_claim(request=support_request, by=harry)
    return support_request, harry, priya


def stage_notes(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind))


@pytest.mark.django_db
def test_a_reminder_goes_to_the_worker_before_the_due_time_then_an_escalation_to_managers() -> None:
    support_request, harry, priya = submitted_request()
    clock = support_request.deadlines.get(kind="contact_decision")
    assert deadlines_sweep(now=clock.due_at - dt.timedelta(hours=3)) == 0  # the lead is 2 hours
    assert deadlines_sweep(now=clock.due_at - dt.timedelta(hours=1)) == 1
    (reminder,) = stage_notes("reminder")
    assert reminder.recipient == harry and support_request.reference in reminder.subject
    assert deadlines_sweep(now=clock.due_at - dt.timedelta(minutes=30)) == 0  # once only
    assert deadlines_sweep(now=clock.due_at + dt.timedelta(minutes=1)) == 1
    (escalation,) = stage_notes("escalation")
    assert escalation.recipient == priya and "Overdue" in escalation.subject
    assert deadlines_sweep(now=clock.due_at + dt.timedelta(days=3)) == 0
    clock.refresh_from_db()
    assert clock.reminded_at and clock.escalated_at and clock.next_action_at is None


@pytest.mark.django_db
def test_a_met_deadline_sends_nothing() -> None:
    support_request, harry, _ = submitted_request()
    services.triage_begin(request=support_request, by=harry)
    services.triage_screen(
        request=type(support_request).objects.select_related("consent", "area").get(pk=support_request.pk),
        by=harry,
        action="close",
        level=2,
        outcome="advice",
        reasons="Advice is enough",  # decided at screening: the decision clock stops here
    )
    clock = support_request.deadlines.get(kind="contact_decision")
    assert clock.state == "met"
    assert deadlines_sweep(now=clock.due_at + dt.timedelta(days=1)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_one_reminder(reference_data) -> None:
    support_request, _, _ = submitted_request()
    due = support_request.deadlines.get(kind="contact_decision").due_at
    barrier, counts = threading.Barrier(2), []

    def sweep() -> None:
        try:
            barrier.wait()
            counts.append(deadlines_sweep(now=due - dt.timedelta(hours=1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 1]
    assert Notification.objects.filter(kind="reminder").count() == 1


@pytest.mark.django_db
def test_a_retried_send_task_sends_one_email() -> None:
    support_request, _, _ = submitted_request()
    acknowledgement = Notification.objects.get(kind="acknowledgement")
    send_notification.apply(args=[acknowledgement.pk])
    send_notification.apply(args=[acknowledgement.pk])  # redelivered, or retried after a timeout
    assert subjects().count(f"Request for support {support_request.reference} received") == 1


@pytest.mark.django_db
def test_an_email_whose_worker_was_killed_mid_send_goes_within_two_minutes() -> None:
    submitted_request()
    acknowledgement = Notification.objects.get(kind="acknowledgement")
    killed_at = timezone.now()
    # The worker claimed the email, then died before sending: the claim is all that is left.
    Notification.objects.filter(pk=acknowledgement.pk).update(sending_at=killed_at)
    with time_machine.travel(killed_at + dt.timedelta(seconds=30)):
        assert acknowledgement.pk not in notifications_pending()  # a live worker may still be sending
    with time_machine.travel(killed_at + dt.timedelta(minutes=2)):
        assert acknowledgement.pk in notifications_pending()  # the sweep that runs by then re-queues it
        send_notification.apply(args=[acknowledgement.pk])
    assert Notification.objects.get(pk=acknowledgement.pk).sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_after_the_broker_is_emptied_the_next_sweep_still_delivers_everything(reference_data, redis_url) -> None:
    support_request, _, _ = submitted_request()
    due = support_request.deadlines.get(kind="contact_decision").due_at
    deadlines_sweep(now=due - dt.timedelta(hours=1))  # writes the reminder and queues its email
    broker = redis.Redis.from_url(redis_url)
    assert broker.llen("celery") >= 1
    broker.flushall()  # the broker loses everything in flight
    assert mail.outbox == []
    pending = notifications_pending(older_than=dt.timedelta(0))
    assert len(pending) == 2  # the acknowledgement and the reminder, both still rows
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True), real_worker():
        assert sweep_notifications() == 2  # the next periodic sweep re-queues what the broker lost
        assert wait_for(lambda: len(mail.outbox) == 2), subjects()
    assert sorted(subjects()) == sorted(
        [
            f"Request for support {support_request.reference} received",
            f"{support_request.reference}: decision on a contact due {timezone.localtime(due):%A %d %B %Y, %H:%M}",
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_end_to_end_a_phoned_referral_without_follow_up_is_chased_then_escalated(reference_data) -> None:
    """A real worker on the test Redis. Time moves forward; the database holds the clock."""
    lancashire = Area.objects.get(slug="lancashire")
    harry = persona(Role.HUB_WORKER, area=lancashire, email="harry@example.org")
    persona(Role.TEAM_MANAGER, area=lancashire, email="tom@example.org")
    called = timezone.now()
    phone = phone_referral_taken(by=harry, area=lancashire, called_at=called)
    with time_machine.travel(called + dt.timedelta(hours=20, minutes=30), tick=True), real_worker():
        sweep_deadlines.delay()  # what beat does every minute
        assert wait_for(lambda: any("Written follow-up needed" in s for s in subjects())), subjects()
    chaser = next(m for m in mail.outbox if "Written follow-up needed" in m.subject)
    assert chaser.to == ["rita@example.org"] and phone.reference in chaser.body
    assert not any("Overdue" in s for s in subjects())
    with time_machine.travel(called + dt.timedelta(hours=24, minutes=5), tick=True), real_worker():
        sweep_deadlines.delay()
        assert wait_for(lambda: any("Overdue" in s for s in subjects())), subjects()
    escalation = next(m for m in mail.outbox if "Overdue" in m.subject)
    assert escalation.to == ["tom@example.org"] and phone.reference in escalation.subject
    clock = Deadline.objects.get(phone_referral=phone)
    assert clock.chased_at and clock.escalated_at
    assert len([s for s in subjects() if "Written follow-up needed" in s]) == 1
