"""People: each child known to the service, across all the requests that name them."""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from returns.census import CategoryOfAbuse, ClosureReason, PrimaryNeed, ReferralSource
from returns.characteristics import UPN_PATTERN, UpnUnknown
from workflow.states import Outcome

# Crockford's base32 without I, L, O, U: read out on the phone without mistakes.
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_la_child_id() -> str:
    """The local authority's child ID for returns: random, so it says nothing about the child."""
    return "C" + "".join(secrets.choice(ID_ALPHABET) for _ in range(10))


class Person(models.Model):
    """A child known to the service across requests, for matching and re-referral."""

    area = models.ForeignKey("hub.Area", on_delete=models.PROTECT, related_name="people_known")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    open_case = models.BooleanField(default=False, help_text="Open to children's social care now.")
    allocated_worker = models.CharField(max_length=200, blank=True)
    # Who holds an open case: a request about this child is routed to them (rule 6).
    allocated_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    allocated_team = models.ForeignKey(
        "hub.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="open_cases"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Identifiers and characteristics for the statutory returns (census ChildIdentifiers).
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True, default=new_la_child_id, editable=False)
    upn = models.CharField(
        "unique pupil number",
        max_length=13,
        blank=True,
        validators=[RegexValidator(UPN_PATTERN, "Enter a UPN: a letter, 11 digits, then a digit or letter")],
    )
    upn_unknown_reason = models.CharField(max_length=3, choices=UpnUnknown.choices, blank=True)
    disabilities = models.JSONField(
        default=list, blank=True, help_text="Census disability codes: NONE alone, or any of the others."
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["nhs_number"], name="person_nhs", condition=~Q(nhs_number="")),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            models.Index(Lower("last_name"), name="person_last_name_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MatchDecision(models.Model):
    """A worker's answer to a suggested match: this child is, or is not, that person."""

    child = models.ForeignKey("requests_app.Child", on_delete=models.CASCADE, related_name="match_decisions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    linked = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "person"], name="match_decision_once")]

    def __str__(self) -> str:
        return f"{'Linked' if self.linked else 'Rejected'} {self.person_id}"


class Episode(models.Model):
    """One child's episode of need from one request: its own level, decision, outcome and
    route, and the census's CINdetails, each date recorded by the workflow event that
    makes it. "Finished at the front door" (the child has an outcome) and "closed" (the
    episode ended, with a reason) are different: a plan hands the child on, open."""

    class Stage(models.TextChoices):
        IN_PLAY = "in_play", "Being worked at the front door"
        FINISHED = "finished", "Finished at the front door"

    child = models.OneToOneField("requests_app.Child", on_delete=models.CASCADE, related_name="episode")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IN_PLAY)
    level_decided = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    handed_to_team = models.ForeignKey(
        "hub.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    handed_to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A step-down to early help: who leads it, and whether the family agreed.
    lead_professional = models.CharField(max_length=200, blank=True)
    family_agreed = models.BooleanField(null=True, blank=True)

    # The census's CINdetails.
    referral_date = models.DateField(null=True, blank=True)
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices, blank=True)
    primary_need = models.CharField(max_length=3, choices=PrimaryNeed.choices, blank=True)
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_authorised_on = models.DateField(null=True, blank=True)
    assessment_factors = models.JSONField(default=list, blank=True)
    child_seen = models.BooleanField(null=True, blank=True)
    cin_plan_start = models.DateField(null=True, blank=True)
    cin_plan_end = models.DateField(null=True, blank=True)
    s47_started_on = models.DateField(null=True, blank=True)
    icpc_target = models.DateField(null=True, blank=True)
    icpc_on = models.DateField(null=True, blank=True)
    icpc_not_required = models.BooleanField(default=False)
    cp_plan_start = models.DateField(null=True, blank=True)
    cp_plan_end = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    cp_review_dates = models.JSONField(default=list, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=4, choices=ClosureReason.choices, blank=True)
    referral_nfa = models.BooleanField(
        default=False, help_text="A referral closed with no further action before any assessment."
    )

    class Meta:
        indexes = [
            models.Index(fields=["referral_date"], name="episode_referral_date"),
            models.Index(fields=["stage", "closed_on"], name="episode_stage_closed"),
        ]

    def __str__(self) -> str:
        return f"Episode of child {self.child_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_referral(self) -> bool:
        """Only a referral starts a census episode of need; a contact alone does not."""
        return self.referral_date is not None
