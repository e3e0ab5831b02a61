"""A Request for Support, the children and household it is about, its drafts,
attachments, and phoned referrals awaiting their written follow-up."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lib.answers import YesNoUnknown
from lib.dates import age_on
from returns.census import ReferralSource
from returns.characteristics import Ethnicity, Sex
from thresholds.choices import StatutoryBasis
from workflow.for_referrer import status_for_referrer
from workflow.machine import RequestWorkflow
from workflow.states import EmergencyAction, Outcome

from .choices import AttachmentKind, CallDecision, LivesWithChild, OpenToCsc, Via

IDEMPOTENCY_KEY_MAX = 255
KEY_PER_REFERRER = "request_unique_idempotency_key_per_referrer"  # breaking it tells a submission its key was used
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32 without the easily misread I, L, O, U


def new_reference(prefix: str) -> str:
    """A reference people can read out on the phone: RFS-7K3M-9Q2P. Random, so
    it says nothing about the child, the area or how many requests there are."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def unique_reference(prefix: str, model: type[models.Model]) -> str:
    """A new reference no row of `model` holds yet."""
    for _ in range(10):
        reference = new_reference(prefix)
        if not model.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find a free reference")


class RequestForSupport(RequestWorkflow):
    """A request for support, and the hub's work on it (its state machine is workflow.machine)."""

    reference = models.CharField(max_length=20, unique=True)
    area = models.ForeignKey("hub.Area", on_delete=models.PROTECT, related_name="requests")
    framework_version = models.ForeignKey(
        "thresholds.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="The version of the levels of need this request was judged against.",
    )
    received_at = models.DateTimeField(db_index=True)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.WEB)

    # The referrer, as they were when they asked (their account may change later).
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_made")
    referrer_name = models.CharField(max_length=150)
    referrer_role = models.CharField(max_length=150)
    referrer_agency = models.CharField(max_length=200)
    referrer_phone = models.CharField(max_length=40)
    referrer_email = models.EmailField(max_length=320)
    lead_name = models.CharField("safeguarding lead or manager", max_length=150)
    lead_contact = models.CharField(max_length=200, blank=True)
    cin_referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)

    immediate_risk = models.BooleanField(default=False)
    police_involved = models.CharField(max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    allegation_against_professional = models.BooleanField(default=False)
    allegation_known_on = models.DateField(
        null=True, blank=True, help_text="When the referrer learned of the allegation: the LADO clock runs from it."
    )

    worries = models.TextField()
    impact = models.TextField()
    work_done = models.TextField()
    work_done_effect = models.TextField()
    history_since_csc = models.TextField(blank=True)
    strengths = models.TextField()
    child_words = models.TextField()
    parent_words = models.TextField(blank=True)
    prior_eha = models.BooleanField("an Early Help Assessment or CAF was done before", default=False)
    wording_accepted = models.JSONField(default=list, blank=True, help_text="Plainer wording accepted from coaching.")

    level_requested = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    indicators = models.ManyToManyField("thresholds.Indicator", blank=True, related_name="requests")
    facts = models.JSONField(default=dict, blank=True)
    suggested_level = models.PositiveSmallIntegerField(null=True, blank=True)
    suggestion_reasons = models.JSONField(default=list, blank=True)

    draft = models.OneToOneField(
        "RequestDraft", on_delete=models.SET_NULL, null=True, blank=True, related_name="submitted_request"
    )
    # Stored in full, with a fingerprint of the body it came with: the same key with another body is refused.
    idempotency_key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX, null=True, blank=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    phone_referral = models.OneToOneField(
        "PhoneReferral", on_delete=models.SET_NULL, null=True, blank=True, related_name="written_request"
    )

    # The hub's work.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_requests"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    open_case_note = models.CharField(
        max_length=200, blank=True, help_text="Set when a child is linked to an open case: who the allocated worker is."
    )
    level_decided = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    statutory_basis = models.CharField(max_length=10, blank=True, choices=StatutoryBasis.choices)
    pending_decision = models.ForeignKey(
        "triage.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    # When the front door finished with every child; a plan may keep a child's episode open after (children.Episode).
    closed_at = models.DateTimeField(null=True, blank=True)
    assessment_complex = models.BooleanField(default=False)
    assessment_complex_reason = models.TextField(blank=True)
    strategy_discussion_at = models.DateTimeField(null=True, blank=True)
    strategy_attendees = models.TextField(blank=True)
    emergency_action = models.CharField(max_length=20, choices=EmergencyAction.choices, blank=True)
    icpc_date = models.DateField("planned ICPC date", null=True, blank=True)
    icpc_held_at = models.DateTimeField(null=True, blank=True)
    feedback_text = models.TextField(blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    # Each child's census fields are on their episode (children.Episode).

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["referrer", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name=KEY_PER_REFERRER,
            ),
        ]
        indexes = [
            models.Index(fields=["referrer", "received_at"]),
            # The queue's filters: area and stage, then level, urgency or worker.
            models.Index(fields=["area", "status", "received_at"]),
            models.Index(fields=["area", "status", "level_requested"]),
            models.Index(fields=["area", "status", "immediate_risk"]),
            models.Index(fields=["area", "status", "assigned_to"]),
            models.Index(fields=["area", "status", "closed_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """The hub's page for this request (staff)."""
        return reverse("triage:request", args=[self.reference])

    @property
    def status_for_referrer(self) -> str:
        return status_for_referrer(state=self.status, outcome=self.outcome, told=bool(self.feedback_sent_at))

    def get_referrer_url(self) -> str:
        """The referrer's own page for the request they sent."""
        return reverse("requests:detail", args=[self.reference])


class Child(models.Model):
    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    unborn = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField("expected date of birth", null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    disability_details = models.TextField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField("school or setting", max_length=200, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    young_carer = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    privately_fostered = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    open_to_csc = models.CharField(max_length=10, choices=OpenToCsc.choices, default=OpenToCsc.UNKNOWN)
    allocated_worker = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        "children.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unborn=True, expected_date__isnull=False, date_of_birth__isnull=True)
                | Q(unborn=False, date_of_birth__isnull=False),
                name="child_born_with_dob_or_unborn_with_expected_date",
            )
        ]
        # The queue's search by date of birth needs date_of_birth first; the names are
        # served by trigram indexes on PostgreSQL (migration 0013), which no model index can say.
        indexes = [
            models.Index(fields=["last_name", "date_of_birth"]),
            models.Index(fields=["date_of_birth"], name="child_date_of_birth"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day) -> int | None:
        return None if self.unborn else age_on(self.date_of_birth, day)

    @property
    def age(self) -> int | None:
        """Age today in whole years; None for an unborn child."""
        return self.age_on(timezone.localdate())


class HouseholdMember(models.Model):
    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(max_length=150)
    relationship = models.CharField("relationship to the child or children", max_length=100)
    parental_responsibility = models.CharField(max_length=10, choices=YesNoUnknown.choices)
    lives_with_child = models.CharField(max_length=20, choices=LivesWithChild.choices)
    date_of_birth = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["request", "position"]

    def __str__(self) -> str:
        return self.name


class RequestDraft(models.Model):
    """A request being written. Saved at every Continue, answers kept even when
    they do not yet pass validation, deleted after a configurable period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_drafts")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "updated_at"])]

    def __str__(self) -> str:
        return f"Draft {self.id}"

    def get_absolute_url(self) -> str:
        return reverse("requests:tasks", args=[self.pk])


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(RequestDraft, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    request = models.ForeignKey(
        RequestForSupport, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=AttachmentKind.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class PhoneReferral(models.Model):
    """An urgent referral phoned to the hub. The caller is given the reference
    and must follow up in writing within 24 hours (rule 8)."""

    reference = models.CharField(max_length=20, unique=True)
    area = models.ForeignKey("hub.Area", on_delete=models.PROTECT, related_name="phone_referrals")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField()
    caller_name = models.CharField(max_length=150)
    caller_role = models.CharField(max_length=150, blank=True)
    caller_agency = models.CharField(max_length=200)
    caller_phone = models.CharField(max_length=40)
    caller_email = models.EmailField(max_length=320, blank=True)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="phoned_referrals"
    )
    child_name = models.CharField(max_length=200)
    child_date_of_birth = models.DateField(null=True, blank=True)
    child_address = models.TextField(blank=True)
    worries = models.TextField()
    immediate_risk = models.BooleanField(default=False)
    decision = models.CharField(max_length=20, choices=CallDecision.choices)
    decision_notes = models.TextField(blank=True)
    referral_source = models.CharField(
        max_length=3, choices=ReferralSource.choices, blank=True, help_text="Who the caller is, as the census codes it."
    )
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-called_at"]
        indexes = [models.Index(fields=["area", "linked_at", "called_at"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("phone:detail", args=[self.reference])

    @property
    def made_contact(self) -> bool:
        """The worker made a contact on the call: immediate risk (rule 7)."""
        return self.decision == CallDecision.CONTACT


class Question(models.Model):
    """The hub asks the referrer for more information; the referrer answers in the service.
    The decision clock is not paused while the question is open: it is noted on the request."""

    request = models.ForeignKey(RequestForSupport, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["request", "answered_at"])]

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.request_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
