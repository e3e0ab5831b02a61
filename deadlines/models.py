"""Deadlines are rows. The database, not the broker, is the source of truth for
time: a sweep asks one indexed question, "which open deadlines are due?"."""

from django.db import models
from django.db.models import Q

from .rules import Kind


class ClosureDay(models.Model):
    """A day an area's front door is closed beyond the bank holidays (e.g. a
    council closure day between Christmas and New Year)."""

    area = models.ForeignKey("hub.Area", on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["area", "date"]
        constraints = [models.UniqueConstraint(fields=["area", "date"], name="closure_day_unique_per_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.date:%d %B %Y} ({self.reason})"


class DeadlineState(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    CANCELLED = "cancelled", "No longer needed"


class Deadline(models.Model):
    Kind = Kind  # the kinds of clock, defined with their rules in deadlines/rules.py
    State = DeadlineState

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Each link is indexed below by the rows that have it, not by a foreign key's own
    # index over every row (see Meta.indexes).
    request = models.ForeignKey(
        "requests_app.RequestForSupport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        db_index=False,
    )
    phone_referral = models.ForeignKey(
        "requests_app.PhoneReferral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        db_index=False,
    )
    partner_check = models.ForeignKey(
        "triage.PartnerCheck", on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines", db_index=False
    )
    start_event = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    unit = models.CharField(max_length=20, help_text="How the due time was counted, e.g. '1 working day'.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    met_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True, help_text="When the referrer was chased (follow-ups).")
    breach_reason = models.TextField(blank=True, help_text="Why it was missed, for timeliness reporting.")
    next_action_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sweep next has something to send: a reminder, chaser or escalation."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # The sweep's one question: open deadlines by due time. Partial, so
            # its size follows what is open, not everything ever recorded.
            models.Index(fields=["due_at"], name="deadline_open_due", condition=Q(state=DeadlineState.OPEN)),
            # The sweep's question: what has something to send now? Only open
            # deadlines with a next action are in it.
            models.Index(
                fields=["next_action_at"],
                name="deadline_next_action",
                condition=Q(state=DeadlineState.OPEN, next_action_at__isnull=False),
            ),
            # A deadline belongs to a request, a call or a partner check, rarely more than
            # one. The sweep's stamp moves next_action_at, so every stamped row is written
            # again into each of the table's indexes: partial indexes leave the nulls out.
            # The request's is in due order, so the queue finds each row's nearest open clock
            # by reading the request's first entries rather than sorting them (a page of 300
            # open requests ran its rows' query in 1.3 ms rather than 2.3); lookups by request
            # and kind read the request's few entries.
            models.Index(fields=["request", "due_at"], name="deadline_request_due", condition=Q(request__isnull=False)),
            models.Index(
                fields=["phone_referral"], name="deadline_phone_referral", condition=Q(phone_referral__isnull=False)
            ),
            models.Index(
                fields=["partner_check"], name="deadline_partner_check", condition=Q(partner_check__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False) | Q(phone_referral__isnull=False), name="deadline_has_subject"
            ),
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=Q(state=DeadlineState.OPEN, request__isnull=False, partner_check__isnull=True),
                name="deadline_one_open_per_request_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_met(self) -> bool:
        return self.state == self.State.MET
