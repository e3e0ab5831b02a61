"""An outbox of notifications. A notification is a row first, written in the
same transaction as the change it reports; sending is a separate step that a
task or the sweep performs, so a broker outage delays mail but never loses it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# The key prefix of "a decision needs your approval" notifications (triage.services.decisions).
APPROVAL_KEY = "approval:"


class Notification(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Request received"
        OUTCOME = "outcome", "Outcome of a request"
        REMINDER = "reminder", "Deadline reminder"
        ESCALATION = "escalation", "Deadline escalation"
        CHASER = "chaser", "Written follow-up needed"
        DRAFT_EXPIRY = "draft_expiry", "Draft about to be deleted"
        DIGEST = "digest", "Daily digest"
        WORK = "work", "Work for you"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,  # notification_recipient_read leads with it
    )
    email = models.EmailField(
        max_length=320, blank=True, help_text="Where the email goes (the recipient's address, or a caller's)."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(
        max_length=120, null=True, blank=True, help_text="One notification per key, ever (a constraint below)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], name="notification_unsent", condition=Q(sent_at__isnull=True)),
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
        ]
        # One notification per key, ever. Compared byte by byte (the pattern operator class), not
        # by the database's collation: a key is an identifier, not a name to sort, and a sweep writes
        # two thousand into this index at once, each placed by comparisons that a collation makes
        # dearer (2,000 rows into a copy of the outbox: 30 ms byte by byte, 40 ms with en-GB's ICU
        # collation). The same index serves a LIKE on a key's prefix whatever the collation:
        # approving a decision marks the other approvers' notifications read by their keys'
        # prefix, "approval:<decision>:" (triage.services.decisions).
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], name="notification_dedupe_key_unique", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.subject
