"""Everything the hub records while working a request."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from deadlines.rules import Rag
from workflow.states import DecisionKind, Outcome


class TransitionRecord(models.Model):
    """Every move of a request: who, when, from, to, why, and the decision data."""

    request = models.ForeignKey("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="history")
    name = models.CharField(max_length=60)
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    # Empty when the service itself made the move (an immediate-risk request becomes a contact at once).
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Decision(models.Model):
    """A decision proposed by a worker; final only once approved by someone else (rule 12)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    request = models.ForeignKey("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    reasons = models.TextField()
    for_referrer = models.TextField(
        blank=True, help_text="What the referrer reads with the outcome, written for them; the reasons stay internal."
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_basis = models.CharField(max_length=10, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="CIN census fields and other decision data.")
    child_outcomes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where siblings go different ways: the outcome for each child (by id) that differs from `outcome`.",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="What needs to change, when returned.")

    class Meta:
        ordering = ["proposed_at", "pk"]
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"

    def outcome_for(self, child_id: int) -> str:
        """This child's outcome: their own where siblings differ, otherwise the decision's."""
        return self.child_outcomes.get(str(child_id), self.outcome)

    def outcomes(self) -> set[str]:
        """Every outcome the decision gives to some child."""
        return {self.outcome, *self.child_outcomes.values()}


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        FACT = "fact", "Fact"
        OPINION = "opinion", "Opinion"
        HISTORY = "history", "Historical information"

    request = models.ForeignKey("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FACT)
    text = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class PartnerCheck(models.Model):
    """A MASH request to a partner agency for what it knows (docs/domain.md §8)."""

    Rag = Rag  # how urgent: one vocabulary with the deadline rules (deadlines/rules.py)

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an answer"
        SHARED = "shared", "Information shared"
        NOT_SHARED = "not_shared", "Declined to share"
        CLOSED = "closed", "Closed without an answer"

    request = models.ForeignKey("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="checks")
    agency = models.ForeignKey("hub.Agency", on_delete=models.PROTECT, related_name="checks")
    question = models.TextField()
    rag = models.CharField(max_length=10, choices=Rag.choices)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(blank=True)
    closed_reason = models.TextField(blank=True, help_text="Why the decision went ahead without this answer.")

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["agency", "status", "due_at"])]

    def __str__(self) -> str:
        return f"Check {self.pk} for {self.agency}"

    def get_absolute_url(self) -> str:
        """The partner officer's page for answering this check."""
        return reverse("triage:check", args=[self.pk])


class SharingDecision(models.Model):
    """Append-only log of every decision to share, or not to share, with reasons both ways (rule 23)."""

    class Decision(models.TextChoices):
        SHARE = "share", "Shared"
        NOT_SHARE = "not_share", "Not shared"

    request = models.ForeignKey("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="sharing")
    partner_check = models.ForeignKey(
        PartnerCheck, on_delete=models.CASCADE, null=True, blank=True, related_name="sharing"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField()
    fields_shared = models.JSONField(default=list, blank=True)
    recipient = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    lawful_basis = models.CharField(max_length=30)
    rationale = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} with {self.recipient}"


class Disagreement(models.Model):
    """A referrer or partner challenges a decision. It is escalated to the team
    manager and never pauses the case (rule 33)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    request = models.ForeignKey(
        "requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="disagreements"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    evidence = models.TextField(help_text="What the disagreement is and the evidence for it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    actions_changed = models.BooleanField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at"]
        indexes = [models.Index(fields=["status", "raised_at"])]

    def __str__(self) -> str:
        return f"Disagreement {self.pk}"


class RetentionStatistic(models.Model):
    """What is kept of a triage step that was not retained: no personal data at all (rule 9)."""

    area = models.ForeignKey("hub.Area", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField()
    outcome = models.CharField(max_length=30)

    class Meta:
        indexes = [models.Index(fields=["area", "date"])]

    def __str__(self) -> str:
        return f"{self.area_id} {self.date} L{self.level} {self.outcome}"
