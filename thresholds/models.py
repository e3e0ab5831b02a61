"""Threshold frameworks as data: each area's levels of need, domains and indicators.

A framework's content lives in a FrameworkVersion. Published versions are never
edited in place: a change is a new version (a draft until published), so a
request judged against version 1 still shows version 1 after version 2 ships.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import FactorKind, StatutoryBasis


class Framework(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_version(self, on=None) -> "FrameworkVersion | None":
        """The published version in force on a date (today by default)."""
        return self.versions.in_force(on).order_by("-effective_from", "-number").first()


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self) -> "FrameworkVersionQuerySet":
        return self.filter(published_at__isnull=False)

    def in_force(self, on=None) -> "FrameworkVersionQuerySet":
        on = on or timezone.localdate()
        return self.published().filter(effective_from__lte=on)


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    source_document = models.CharField(max_length=200, help_text="The seed document this version comes from.")
    # Pages cite the document by its title; the file name is shown only in the details about the source.
    source_title = models.CharField(max_length=300, blank=True, help_text="The source document's title.")
    source_publisher = models.CharField(max_length=300, blank=True, help_text="Who published or endorsed it.")
    source_cited_as = models.CharField(
        max_length=10, blank=True, help_text="How the source references name the document, for example 000."
    )
    effective_from = models.DateField()
    effective_from_note = models.CharField(max_length=300, blank=True)
    has_indicators = models.BooleanField(default=True)
    indicators_note = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    change_note = models.TextField(blank=True, help_text="What changed from the version it was based on.")
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique_number"),
        ]
        indexes = [models.Index(fields=["framework", "published_at", "effective_from"])]

    def __str__(self) -> str:
        state = "published" if self.published_at else "draft"
        return f"{self.framework.name}, version {self.number} ({state})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def section_cited(self, source_ref: str) -> str:
        """The part of a source reference after the document's own number: "000, Health" is "Health"."""
        prefix = f"{self.source_cited_as}, "
        return source_ref.removeprefix(prefix) if self.source_cited_as else source_ref


class Level(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    name = models.CharField(max_length=100)
    aliases = models.JSONField(default=list, blank=True)
    definition = models.TextField()
    response = models.TextField(blank=True)
    who_leads = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    consent_rule = models.TextField(blank=True)
    who_to_contact = models.TextField(blank=True)
    statutory_bases = models.JSONField(default=list, help_text="Which statutory bases a record at this level may have.")
    expects_prior_early_help = models.BooleanField(
        default=False,
        help_text="The framework expects an Early Help Assessment (or CAF) before a request at this level.",
    )
    source_ref = models.CharField(max_length=300)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="level_unique_number_per_version"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="level_number_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"Level {self.number}: {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name with its aliases, e.g. "Early Help (also called Universal Plus)" (rule 24)."""
        if not self.aliases:
            return self.name
        return f"{self.name} (also called {', '.join(self.aliases)})"


class Domain(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="domain_unique_key_per_version")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="indicators")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField()
    source_ref = models.CharField(max_length=300)
    statutory_basis = models.CharField(max_length=10, choices=StatutoryBasis.choices, blank=True)
    rule = models.JSONField(null=True, blank=True, help_text="A countable or graded rule (thresholds/rules.py).")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "level__number", "domain__position", "position"]
        indexes = [models.Index(fields=["version", "level"])]

    def __str__(self) -> str:
        return self.text


class Factor(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(max_length=30, choices=FactorKind.choices)
    group = models.CharField(max_length=150, blank=True)
    text = models.TextField()
    source_ref = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "kind", "position"]

    def __str__(self) -> str:
        return self.text
