"""Consent is a model, not a checkbox: who gave it, on whose behalf, when, how,
which wording they were shown, and, where it was overridden, the grounds, the
lawful basis, the rationale and who oversaw it (docs/domain.md §4, rules 1–5, 31, 36)."""

from django.conf import settings
from django.db import models

from lib.answers import YesNo, YesNoNotApplicable

from .choices import ChildConsent, ConsentMethod, LawfulBasis, ParentalConsent


class ConsentWording(models.Model):
    key = models.CharField(max_length=60, unique=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class ConsentRecord(models.Model):
    request = models.OneToOneField("requests_app.RequestForSupport", on_delete=models.CASCADE, related_name="consent")
    wording = models.ForeignKey(ConsentWording, on_delete=models.PROTECT)

    # The four 004 questions, all mandatory (rule 1).
    parent_knows = models.CharField(max_length=20, choices=YesNo.choices)
    third_party_knows = models.CharField(max_length=20, choices=YesNoNotApplicable.choices)
    child_knows = models.CharField(max_length=20, choices=YesNoNotApplicable.choices)
    manager_knows = models.CharField(max_length=20, choices=YesNo.choices)

    parental_consent = models.CharField(max_length=20, choices=ParentalConsent.choices)
    given_by_name = models.CharField(max_length=150, blank=True)
    given_by_relationship = models.CharField(max_length=100, blank=True)
    given_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    told_what_shared = models.TextField(blank=True, help_text="What they were told would be shared, with whom and why.")

    # The referrer's own answer: is the child suffering, or at risk of, significant harm?
    # Kept whatever the consent, so the hub always sees the warning.
    harm_asserted = models.BooleanField(default=False)
    # Override: sharing without parental consent (rules 2–4).
    significant_harm = models.BooleanField(default=False)
    override_grounds = models.JSONField(default=list, blank=True)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, blank=True)
    rationale = models.TextField(blank=True)
    how_sought_and_refused = models.TextField(blank=True)
    family_told = models.CharField(max_length=20, choices=YesNo.choices, blank=True)
    family_not_told_reason = models.TextField(blank=True)
    overseeing_manager = models.CharField(max_length=150, blank=True)
    needs_manager_oversight = models.BooleanField(default=False, db_index=True)
    oversight_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    oversight_at = models.DateTimeField(null=True, blank=True)
    # The hub manager's decision on sharing without consent: agree, or disagree with a reason (000, 001).
    oversight_agreed = models.BooleanField(null=True, blank=True)
    oversight_reason = models.TextField(blank=True)

    child_consent = models.CharField(max_length=20, choices=ChildConsent.choices, blank=True)
    child_view = models.TextField(blank=True)
    child_consent_rule = models.CharField(max_length=150, blank=True, help_text="The area rule that applied.")

    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Consent for {self.request_id}"

    @property
    def is_override(self) -> bool:
        return self.parental_consent != ParentalConsent.GIVEN and self.significant_harm

    @property
    def withdrawn(self) -> bool:
        return self.withdrawals.exists()

    @property
    def has_parental_consent(self) -> bool:
        """Parental consent given and not withdrawn: the one test every rule asks (rules 10, 22, 31, 36)."""
        return self.parental_consent == ParentalConsent.GIVEN and not self.withdrawn


class ConsentWithdrawal(models.Model):
    """Consent lasts for the episode or until withdrawn (rule 36). After a
    withdrawal, sharing stops unless high-risk indicators justify it (rule 31)."""

    consent = models.ForeignKey(ConsentRecord, on_delete=models.CASCADE, related_name="withdrawals")
    withdrawn_by = models.CharField(max_length=150, help_text="Who withdrew consent, e.g. the mother.")
    withdrawn_on = models.DateField()
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Withdrawn {self.withdrawn_on}"
