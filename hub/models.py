"""Organisations and people: areas (local authorities), teams, agencies and users."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

from lib.db_time import TransactionNow

from .area_policy import AssessmentClockScope, ConsentPolicy, DeadlineUnit
from .roles import ROLE_PRECEDENCE, Role


def default_referral_acceptors() -> list[str]:
    """A senior social worker or team manager accepts a referral (003, rule 13)."""
    return ["senior_social_worker", "team_manager"]


def default_office_hours() -> dict[str, list[str]]:
    """Monday (0) to Friday (4), 09:00 to 17:00: used where the seeds print no hours."""
    return {str(day): ["09:00", "17:00"] for day in range(5)}


class Area(models.Model):
    """A local authority whose front door this service runs."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    mash_phone = models.CharField("MASH phone number", max_length=40, blank=True)
    out_of_hours_phone = models.CharField("out-of-hours (EDT) phone number", max_length=40, blank=True)
    framework = models.ForeignKey(
        "thresholds.Framework", on_delete=models.PROTECT, null=True, blank=True, related_name="areas"
    )

    # Per-area settings where the seed documents disagree (docs/domain.md §4, §10).
    # Each comes with the source it was taken from, shown to staff.
    consent_policy = models.CharField(
        max_length=30, choices=ConsentPolicy.choices, default=ConsentPolicy.REFUSE_WITHOUT_OVERRIDE
    )
    override_grounds = models.JSONField(
        default=list, blank=True, help_text="Grounds (hub.area_policy.OverrideGround) this area accepts."
    )
    child_consent_from_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Age from which the child's own consent is sought. Empty: no cut-off, judged by competence.",
    )
    child_consent_test = models.CharField(max_length=100, blank=True, help_text='e.g. "Gillick competence"')
    office_hours = models.JSONField(
        default=default_office_hours, help_text='Weekday number (0 = Monday) to ["HH:MM", "HH:MM"].'
    )
    conference_deadline_days = models.PositiveSmallIntegerField(default=15)
    conference_deadline_unit = models.CharField(
        max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    purges_not_retained = models.BooleanField(
        default=False,
        help_text="Whether a triage step below level 3 without consent is not retained and purged (003, rule 9).",
    )
    assessment_clock_scope = models.CharField(
        max_length=20, choices=AssessmentClockScope.choices, default=AssessmentClockScope.ALL
    )
    settings_sources = models.JSONField(default=dict, blank=True, help_text="Where each setting comes from.")
    referral_acceptor_roles = models.JSONField(
        default=default_referral_acceptors,
        blank=True,
        help_text="Roles that may accept a contact as a referral for statutory assessment (rule 13).",
    )
    postcode_districts = models.JSONField(
        default=list,
        blank=True,
        help_text="Postcode districts mostly in this area, to suggest it; the referrer confirms.",
    )
    # The DfE's three-digit local authority code (the old LEA number), which heads every
    # statutory return: the Children in Need census's <LEA>, the first digits of a UPN.
    la_code = models.CharField(
        "DfE LA code",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the DfE's three-digit local authority code")],
        help_text="The DfE's three-digit local authority code, e.g. 888 for Lancashire.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        CSSH = "cssh", "Children's Services Support Hub"
        MASH = "mash", "Multi-Agency Safeguarding Hub"
        EARLY_HELP = "early_help", "Early Help / Family Help"
        ASSESSMENT = "assessment", "Assessment team"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["area__name", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="team_unique_name_per_area")]

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"


class Agency(models.Model):
    """The organisation a referrer or partner officer works for."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "School or education setting"
        EARLY_YEARS = "early_years", "Early years setting"
        GP = "gp", "GP practice"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        HOSPITAL = "hospital", "Hospital or NHS trust"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agencies", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="agency_unique_name_kind")]

    def __str__(self) -> str:
        return self.name


def user_display_name(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """How a person is named on screen and in a return: their full name, or their username. A report
    reading users as values calls this; None (nobody) is named ""."""
    return f"{first_name or ''} {last_name or ''}".strip() or username or ""


class User(AbstractUser):
    """A professional. What they may do comes from their groups (hub/roles.py)."""

    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="people")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            ("submit_request", "Can submit a request for support"),
            ("work_queue", "Can work the hub's triage queue"),
            ("view_child_record", "Can read children's records in their area"),
            ("record_phone_referral", "Can record a phoned referral"),
            ("request_partner_check", "Can ask partner agencies for information"),
            ("approve_decision", "Can approve or return contact decisions"),
            ("assign_work", "Can assign and reassign work"),
            ("accept_referral", "Can accept a contact as a referral for statutory assessment"),
            ("manage_escalations", "Can resolve disagreements and escalations"),
            ("answer_partner_check", "Can answer partner checks addressed to their agency"),
            ("view_access_log", "Can see who has accessed a child's record"),
            ("export_subject_access", "Can export everything held about a child for a subject access request"),
            ("export_returns", "Can export statutory returns and inspection lists for their areas"),
            ("view_dashboard", "Can see the front door's figures for their areas"),
        ]

    @cached_property
    def roles(self) -> list[Role]:
        """The person's roles, most senior first, read from their groups."""
        names = {group.name for group in self.groups.all()}
        return [role for role in ROLE_PRECEDENCE if role.label in names]

    @property
    def role(self) -> Role | None:
        return self.roles[0] if self.roles else None

    @property
    def display_name(self) -> str:
        return user_display_name(self.first_name, self.last_name, self.username)

    @cached_property
    def area_ids(self) -> frozenset[int]:
        """Every area whose records this person's permissions apply to: their
        home area and any they also cover (hub/access.py reads this)."""
        covered = {self.area_id} if self.area_id else set()
        if self.pk:
            covered.update(self.area_memberships.values_list("area_id", flat=True))
        return frozenset(covered)


class AreaMembership(models.Model):
    """A member of staff who also covers another area's front door, such as a
    manager for Lancashire who covers Blackpool's out-of-hours MASH."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="area_memberships")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="one_membership_per_area")]

    def __str__(self) -> str:
        return f"{self.user_id} covers {self.area}"


class Heartbeat(models.Model):
    """When a background job last ran: /healthz shows it so a stalled beat is visible."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AuditEvent(models.Model):
    """Who read or changed what, and when. Holds ids and references, never a
    child's details: the audit trail itself must be safe to show an auditor."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        TRANSITION = "transition", "Moved"
        DOWNLOAD = "download", "Downloaded a file"
        EXPORT = "export", "Exported"
        SEARCH = "search", "Searched"
        PURGE = "purge", "Purged"

    # The database's clock, not the web server's: the INSERT leaves `at` to its DEFAULT, so the row
    # goes straight to the month's partition and the stamping trigger has nothing to do (decision 0029).
    at = models.DateTimeField(db_default=TransactionNow(), db_index=True, editable=False)
    # Every question by actor also asks a time, which the (actor, at) index below answers: an index of
    # the actor alone would only cost each write (a queue page writes fifty rows).
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    reference = models.CharField(max_length=40, blank=True, help_text="The request's reference.")
    via = models.CharField(max_length=20, default="web")
    address = models.GenericIPAddressField(null=True, blank=True, help_text="Where the web request came from.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        # Only the indexes its questions use: every page writes here (hub/migrations/0015 and 0017).
        indexes = [
            models.Index(fields=["actor", "at"]),
            # A reference is only ever matched whole ("who has accessed this record"): a plain index,
            # without the LIKE index Django adds beside a text field's db_index. With the time, each
            # month's partition hands over its rows newest first, and the page merges them.
            models.Index(fields=["reference", "at"], name="audit_reference_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"
