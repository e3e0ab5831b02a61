"""The sweep works on a batch at once: the same few queries for 20 due or 200, each
stage still sent exactly once to the same people, by two sweeps at once too."""

import datetime as dt
import logging
import threading

import pytest
import redis
import time_machine
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deadlines import services
from deadlines.models import Deadline
from deadlines.services import deadlines_sweep
from hub.models import Area, AreaMembership
from hub.roles import Role
from notifications.models import Notification
from notifications.sending import notifications_pending
from notifications.services import Outgoing, notifications_create_many
from notifications.tasks import send_notification, sweep_notifications
from requests_app.services import request_create_via_api
from tests.factories import TeamFactory, persona
from tests.helpers import broker_unreachable
from tests.request_factories import phone_referral_taken
from tests.requests_app import payloads


def phoned_referral(area: Area, recorder):
    """A phoned referral whose own follow-up clock is put aside: the tests add their own."""
    phone = phone_referral_taken(by=recorder, area=area)
    phone.deadlines.all().delete()
    return phone


def follow_up_clocks(phone, count: int, *, due_at: dt.datetime) -> list[Deadline]:
    return Deadline.objects.bulk_create(
        Deadline(
            kind=Deadline.Kind.WRITTEN_FOLLOW_UP,
            phone_referral=phone,
            start_event="Call recorded",
            started_at=due_at - dt.timedelta(hours=24),
            due_at=due_at,
            unit="24 hours",
            next_action_at=due_at - dt.timedelta(hours=4),
        )
        for _ in range(count)
    )


@pytest.fixture
def two_areas(db):
    """Lancashire with Tom; Blackpool with Bella, and Tom covering it too."""
    lancashire, blackpool = Area.objects.get(slug="lancashire"), Area.objects.get(slug="blackpool")
    harry = persona(Role.HUB_WORKER, area=lancashire)
    tom = persona(Role.TEAM_MANAGER, area=lancashire)
    bella = persona(Role.TEAM_MANAGER, username="bella", area=blackpool, team=TeamFactory(area=blackpool))
    AreaMembership.objects.create(user=tom, area=blackpool)
    return phoned_referral(lancashire, harry), phoned_referral(blackpool, harry), tom, bella


def queries_to_sweep(phones, per_area: int, now: dt.datetime) -> int:
    for phone in phones:
        follow_up_clocks(phone, per_area, due_at=now + dt.timedelta(hours=1))  # chasers due
        follow_up_clocks(phone, per_area, due_at=now - dt.timedelta(hours=1))  # escalations due
    with CaptureQueriesContext(connection) as captured:
        assert deadlines_sweep(now=now) == 4 * per_area
    Deadline.objects.all().delete()
    return len(captured.captured_queries)


def test_a_sweep_of_two_hundred_due_costs_the_same_queries_as_a_sweep_of_twenty(two_areas) -> None:
    lancashire_call, blackpool_call, _, _ = two_areas
    now = timezone.now()
    few = queries_to_sweep([lancashire_call, blackpool_call], 5, now)  # 20 due in all
    many = queries_to_sweep([lancashire_call, blackpool_call], 50, now)  # 200 due in all
    assert few == many <= 10


def test_one_batch_over_two_areas_escalates_each_to_its_own_managers_and_chases_each_caller(two_areas) -> None:
    lancashire_call, blackpool_call, tom, bella = two_areas
    now = timezone.now()
    (lancashire_late,) = follow_up_clocks(lancashire_call, 1, due_at=now - dt.timedelta(hours=1))
    (blackpool_late,) = follow_up_clocks(blackpool_call, 1, due_at=now - dt.timedelta(hours=1))
    (blackpool_soon,) = follow_up_clocks(blackpool_call, 1, due_at=now + dt.timedelta(hours=1))
    assert deadlines_sweep(now=now) == 3

    def told(deadline, kind):
        return sorted(
            n.recipient.username
            for n in Notification.objects.filter(kind=kind, dedupe_key__contains=f":{deadline.pk}:")
        )

    assert told(lancashire_late, "escalation") == [tom.username]
    assert told(blackpool_late, "escalation") == sorted([bella.username, tom.username])  # Tom covers Blackpool
    (chaser,) = Notification.objects.filter(kind="chaser")
    assert chaser.email == "rita@example.org" and chaser.subject == (
        f"Written follow-up needed for your call {blackpool_call.reference}"
    )
    (recorder_note,) = Notification.objects.filter(kind="reminder")
    assert recorder_note.subject == f"{blackpool_call.reference}: written follow-up not yet received"
    blackpool_soon.refresh_from_db()
    assert blackpool_soon.chased_at == now and blackpool_soon.next_action_at == blackpool_soon.due_at
    assert deadlines_sweep(now=now) == 0


def test_each_message_gives_the_due_time_as_a_uk_clock_shows_it_in_summer_and_in_winter(two_areas) -> None:
    lancashire_call, _, tom, _ = two_areas
    summer = dt.datetime(2026, 7, 1, 16, 5, tzinfo=dt.UTC)  # 17:05 in British Summer Time
    winter = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # 09:00 in Greenwich Mean Time
    for due_at in (summer, winter):
        follow_up_clocks(lancashire_call, 1, due_at=due_at)
    assert deadlines_sweep(now=dt.datetime(2026, 12, 8, tzinfo=dt.UTC)) == 2
    escalations = Notification.objects.filter(kind="escalation").order_by("pk")
    assert [n.body.split(" was due by ")[1].split(" (")[0] for n in escalations] == [
        "Wednesday 01 July 2026, 17:05",
        "Monday 07 December 2026, 09:00",
    ]
    assert {(n.recipient, n.email) for n in escalations} == {(tom, tom.email)}


def test_a_failure_while_writing_the_messages_leaves_the_whole_batch_due(two_areas, monkeypatch) -> None:
    lancashire_call, _, _, _ = two_areas
    now = timezone.now()
    follow_up_clocks(lancashire_call, 3, due_at=now + dt.timedelta(hours=1))

    def broken(notifications):
        raise ConnectionError("the database went away mid-batch")

    monkeypatch.setattr("deadlines.services.notifications_create_many", broken)
    with pytest.raises(ConnectionError):
        deadlines_sweep(now=now)
    assert not Deadline.objects.filter(chased_at__isnull=False).exists()
    monkeypatch.undo()
    assert deadlines_sweep(now=now) == 3


def test_a_failure_while_stamping_leaves_the_whole_batch_due_and_is_raised_as_djangos_error(
    two_areas, monkeypatch
) -> None:
    """The stamp is sent and the messages written out while the database carries it out, so its
    error arrives after they are built: it must still stop the batch, as Django's own error."""
    lancashire_call, _, _, _ = two_areas
    now = timezone.now()
    follow_up_clocks(lancashire_call, 3, due_at=now + dt.timedelta(hours=1))
    failing = services._STAMP_SQL.replace("WHERE d.id = t.id", "WHERE d.id = t.id AND 1 / (d.id - d.id) = 0")
    monkeypatch.setattr(services, "_STAMP_SQL", failing)
    with pytest.raises(DataError):
        deadlines_sweep(now=now)
    assert not Deadline.objects.filter(chased_at__isnull=False).exists()
    monkeypatch.undo()
    assert deadlines_sweep(now=now) == 3


def test_a_message_already_in_the_outbox_is_kept_and_the_rest_of_its_batch_still_goes(
    two_areas, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """A stage whose message was written but whose stamp was lost (a clock put back from a backup,
    say): the batch writes its messages without asking first whether each key is taken, so the
    taken key must neither fail the whole batch, leaving every clock in it due for ever, nor be
    written twice."""
    lancashire_call, _, _, _ = two_areas
    now = timezone.now()
    first = follow_up_clocks(lancashire_call, 3, due_at=now + dt.timedelta(hours=1))[0]
    taken = f"deadline:{first.pk}:chase:caller"
    before = Notification.objects.create(
        kind="chaser", email="rita@example.org", subject="sent before", body="b", dedupe_key=taken
    )
    queued = []
    monkeypatch.setattr("notifications.services.send_notification.delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=now) == 3
    assert Notification.objects.get(dedupe_key=taken).subject == "sent before"
    assert len(queued) == 5 and before.pk not in queued  # the five new messages sent, the first not again
    assert Notification.objects.filter(kind="chaser").count() == 3
    assert Notification.objects.filter(kind="reminder", dedupe_key__contains=f":{first.pk}:").count() == 1
    assert not Deadline.objects.filter(chased_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_over_the_same_due_set_send_every_chaser_once(reference_data) -> None:
    lancashire = Area.objects.get(slug="lancashire")
    phone = phoned_referral(lancashire, persona(Role.HUB_WORKER, area=lancashire))
    now = timezone.now()
    follow_up_clocks(phone, 60, due_at=now + dt.timedelta(hours=1))
    barrier, counts = threading.Barrier(2), []

    def sweep() -> None:
        try:
            barrier.wait()
            # Small batches, so the two sweeps interleave over the same rows.
            while sent := deadlines_sweep(now=now, batch=7):
                counts.append(sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 60
    assert Notification.objects.filter(kind="chaser").count() == 60
    assert Notification.objects.filter(kind="reminder").count() == 60  # one note each to the call's recorder
    assert not Deadline.objects.filter(chased_at__isnull=True).exists()


def test_a_reminder_for_a_request_nobody_has_claimed_goes_to_the_area_managers(two_areas) -> None:
    _, _, tom, _ = two_areas
    rita = persona(Role.REFERRER, email="rita@example.org")
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    clock = support_request.deadlines.get(kind="contact_decision")
    assert deadlines_sweep(now=clock.due_at - dt.timedelta(hours=1)) == 1
    (reminder,) = Notification.objects.filter(kind="reminder")
    assert reminder.recipient == tom and reminder.email == tom.email
    assert reminder.subject.startswith(f"{support_request.reference}: decision on a contact due")
    assert reminder.link == f"/triage/requests/{support_request.reference}/"


def test_a_sweep_while_the_broker_is_down_keeps_every_message_and_asks_the_broker_once(
    two_areas, django_capture_on_commit_callbacks, caplog
) -> None:
    """Two thousand emails used to mean two thousand attempts on a dead broker, each waiting
    out its retries. Three refusals in a row now stop the queueing; the rows wait for the outbox sweep."""
    lancashire_call, _, _, _ = two_areas
    now = timezone.now()
    follow_up_clocks(lancashire_call, 10, due_at=now + dt.timedelta(hours=1))
    with (
        broker_unreachable(),
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert deadlines_sweep(now=now) == 10
    refusals = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert refusals == ["Could not queue 20 of 20 notifications; the outbox sweep will send them"]
    assert Deadline.objects.filter(chased_at=now).count() == 10  # the batch itself committed
    waiting = Notification.objects.filter(sent_at__isnull=True, sending_at__isnull=True).exclude(email="")
    assert waiting.count() == 20  # ten chasers to the caller, ten notes to the call's recorder
    assert sorted(notifications_pending(older_than=dt.timedelta(0))) == sorted(waiting.values_list("pk", flat=True))


def test_one_refused_send_costs_only_its_own_email_and_the_rest_of_the_batch_is_queued(
    two_areas, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    """A single refusal (a connection reset on one publish) must not leave the whole batch to wait
    for the outbox sweep. Found by review."""
    lancashire_call, _, _, _ = two_areas
    now = timezone.now()
    follow_up_clocks(lancashire_call, 5, due_at=now + dt.timedelta(hours=1))
    queued, real_delay = [], send_notification.delay

    def flaky(pk):
        if not queued:
            queued.append(None)
            raise ConnectionResetError("the broker dropped one publish")
        queued.append(pk)
        return real_delay(pk)

    monkeypatch.setattr("notifications.services.send_notification.delay", flaky)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=now) == 5
    assert len([pk for pk in queued if pk]) == 9  # ten emails: the first refused, nine queued
    assert [r.levelname for r in caplog.records if r.name == "notifications.services"] == ["WARNING"]


def test_one_run_of_the_outbox_sweep_requeues_a_whole_sweeps_batch_the_broker_refused(db, redis_url) -> None:
    """1,000 due write up to 2,000 emails; if the broker refused them, the outbox sweep that runs a
    minute later queues them all, not 200 a minute. Found by review."""
    notifications_create_many(
        [Outgoing(None, f"caller{n}@example.org", "chaser", "s", "b", "/", f"refused:{n}") for n in range(2_000)]
    )
    broker = redis.Redis.from_url(redis_url)
    broker.delete("celery")
    try:
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            assert sweep_notifications() == 2_000
        assert broker.llen("celery") == 2_000
    finally:
        # The session's broker is shared: 2,000 sends left in it would hold up the next test's worker.
        broker.delete("celery")
