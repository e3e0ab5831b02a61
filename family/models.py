"""A family copy the referrer has read and confirmed they will share: the row that makes a
copy count as shared. Its sharing-log entry is triage.SharingDecision (rule 23)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Stage(models.TextChoices):
    """A copy can be made when the request is sent, and again once the referrer has an outcome."""

    SENT = "sent", "When the request was sent"
    OUTCOME = "outcome", "With the outcome"


class FamilyCopyConfirmation(models.Model):
    request = models.ForeignKey(
        "requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="family_copies"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    # The outcome the copy carried: the referrer may be told a contact's outcome and, later, an
    # assessment's, and each is a copy of its own.
    outcome_told_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    sharing = models.OneToOneField("triage.SharingDecision", on_delete=models.PROTECT, related_name="family_copy")

    class Meta:
        ordering = ["confirmed_at", "pk"]
        constraints = [
            # A double submit, or two tabs, records one sharing: the database says so too.
            models.UniqueConstraint(
                fields=["request"], condition=Q(stage="sent"), name="family_copy_sent_once_per_request"
            ),
            models.UniqueConstraint(
                fields=["request", "outcome_told_at"],
                condition=Q(stage="outcome"),
                name="family_copy_outcome_once_per_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Family copy ({self.get_stage_display()}) of {self.request_id}"
