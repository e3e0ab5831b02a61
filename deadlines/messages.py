"""Who is told what when a deadline needs attention. Messages carry references
and times, never a child's details."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hub.models import Area
from hub.selectors import area_managers
from notifications.models import Notification
from notifications.services import notification_create

from .models import Deadline
from .rules import Stage
from .selectors import deadlines_due_today


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%A %d %B %Y, %H:%M")


def _subject_ref(deadline: Deadline) -> tuple[str, str, Area]:
    subject = deadline.request if deadline.request_id else deadline.phone_referral
    return subject.reference, subject.get_absolute_url(), subject.area


def _note(*, recipient, kind: str, subject: str, body: str, link: str, dedupe_key: str, email: str = ""):
    """One unsaved outbox row; the sweep writes a whole batch of them at once."""
    return Notification(
        recipient=recipient, email=email, kind=kind, subject=subject, body=body, link=link, dedupe_key=dedupe_key
    )


def stage_messages(deadline: Deadline, stage: str, managers: list) -> list[Notification]:
    """Who is told what for one stage of one deadline, as unsaved notifications.
    `managers` are the managers of the deadline's area (hub.selectors.areas_managers):
    the caller looks them up once for a whole batch."""
    reference, link, _ = _subject_ref(deadline)
    label = deadline.get_kind_display()
    key = f"deadline:{deadline.pk}:{stage}"
    if stage == Stage.CHASE:
        phone = deadline.phone_referral
        body = (
            f"You phoned the hub about a child and were given the reference {reference}. Please send the written "
            f"request for support, quoting it, by {_when(deadline.due_at)}."
        )
        return [
            _note(
                recipient=phone.caller,
                email=phone.caller_email,
                kind=Notification.Kind.CHASER,
                subject=f"Written follow-up needed for your call {reference}",
                body=body,
                link=reverse("requests:start"),
                dedupe_key=f"{key}:caller",
            ),
            _note(
                recipient=phone.recorded_by,
                kind=Notification.Kind.REMINDER,
                subject=f"{reference}: written follow-up not yet received",
                body=f"The caller has been reminded. It is due by {_when(deadline.due_at)}.",
                link=link,
                dedupe_key=f"{key}:recorder",
            ),
        ]
    if stage == Stage.REMIND:
        worker = deadline.request.assigned_to if deadline.request_id else None
        return [
            _note(
                recipient=person,
                kind=Notification.Kind.REMINDER,
                subject=f"{reference}: {label.lower()} due {_when(deadline.due_at)}",
                body=f"{label} for {reference} is due by {_when(deadline.due_at)} ({deadline.unit}).",
                link=link,
                dedupe_key=f"{key}:{person.pk}",
            )
            for person in ([worker] if worker else managers)
        ]
    return [
        _note(
            recipient=manager,
            kind=Notification.Kind.ESCALATION,
            subject=f"Overdue: {label.lower()} for {reference}",
            body=(
                f"{label} for {reference} was due by {_when(deadline.due_at)} ({deadline.unit}) "
                "and is overdue. Record why it was missed on the request page."
            ),
            link=link,
            dedupe_key=f"{key}:{manager.pk}",
        )
        for manager in managers
    ]


def digest_send(*, now: dt.datetime | None = None) -> int:
    """Each manager's daily list of everything due today and overdue in their area."""
    now = now or timezone.now()
    sent = 0
    for area in Area.objects.all():
        managers = area_managers(area)
        if not managers:
            continue
        today, overdue = deadlines_due_today(area=area, now=now)
        lines = (
            [f"Overdue ({len(overdue)}):"]
            + [f"- {_subject_ref(d)[0]}: {d.get_kind_display()}, due {_when(d.due_at)}" for d in overdue]
            + ["", f"Due today ({len(today)}):"]
            + [f"- {_subject_ref(d)[0]}: {d.get_kind_display()}, due {_when(d.due_at)}" for d in today]
        )
        for manager in managers:
            notification_create(
                recipient=manager,
                kind=Notification.Kind.DIGEST,
                subject=f"{area.name}: {len(overdue)} overdue, {len(today)} due today",
                body="\n".join(lines),
                link=f"{reverse('triage:queue')}?overdue=yes&tab=new",
                dedupe_key=f"digest:{manager.pk}:{timezone.localdate(now):%Y-%m-%d}",
            )
            sent += 1
    return sent
