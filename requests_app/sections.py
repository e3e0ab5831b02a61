"""The sections of the Request for Support and how each is validated.

A draft stores each section's answers as posted (lists of strings per field),
valid or not, so nothing typed is lost. Validation runs the same Django forms
for the web form and for the partner API.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from consent.forms import ConsentForm
from consent.models import ConsentWording
from consent.wording import CURRENT_KEY
from deadlines.selectors import closure_dates_with
from hub.models import Area, User
from lib.answers import YesNo
from lib.compiled import CompiledModels
from lib.dates import age_on
from lib.form_copies import only_validated
from thresholds.models import Framework, FrameworkVersion
from thresholds.shapes import version_in_force

from .forms import AboutYouForm, ChildForm, HouseholdMemberForm, StartForm, WorriesForm
from .level_forms import AreaForm, IndicatorsForm, LevelForm


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    many: bool = False  # a list of items (children, household members)
    needs_area: bool = False


SECTIONS = [
    Section("start", "Immediate risk"),
    Section("about_you", "About you"),
    Section("children", "The child or children", many=True),
    Section("household", "Household and family network", many=True),
    Section("worries", "Your worries"),
    Section("area", "The child's area"),
    Section("indicators", "Indicators of need", needs_area=True),
    Section("level", "Level of need", needs_area=True),
    Section("consent", "Consent", needs_area=True),
]
BY_KEY = {section.key: section for section in SECTIONS}
# The task list's groups, in the order a referrer meets them.
GROUPS = [
    ("Before you start", ["start", "about_you"]),
    ("The child and family", ["children", "household", "worries"]),
    ("Level of need", ["area", "indicators", "level"]),
    ("Consent", ["consent"]),
]


def section_after(key: str) -> Section | None:
    """The section that follows `key` in the form; None after the last."""
    keys = [section.key for section in SECTIONS]
    following = keys.index(key) + 1
    return SECTIONS[following] if following < len(keys) else None


def answered_immediate_risk(data: dict) -> bool:
    """Whether the referrer said on the first page that a child is at immediate risk."""
    return as_data(data.get("start")).get("immediate_risk") == YesNo.YES


IGNORED_KEYS = {"csrfmiddlewaretoken", "continue", "save_and_return", "upload", "return_to"}


def raw_from_post(post) -> dict[str, list[str]]:
    """What was posted, kept as typed. NUL characters are dropped: PostgreSQL
    cannot store them, and nobody types one on purpose."""
    return {
        key.replace("\x00", ""): [value.replace("\x00", "") for value in values]
        for key, values in post.lists()
        if key not in IGNORED_KEYS
    }


def is_blank(raw: dict[str, list[str]]) -> bool:
    """Nothing typed or chosen: a Continue on an empty "Add a child" page adds nobody."""
    return not any(value.strip() for values in raw.values() for value in values)


def item_name(key: str, raw: dict[str, list[str]]) -> str:
    """How a child or household member is named in lists, links and confirmations."""
    first = lambda name: ((raw or {}).get(name) or [""])[0].strip()  # noqa: E731
    if key == "children":
        given = first("first_name") or ("Unborn baby" if first("unborn") == YesNo.YES else "Child")
        return f"{given} {first('last_name')}".strip()
    return first("name") or "Unnamed person"


def as_data(raw: dict[str, list[str]] | None) -> MultiValueDict:
    return MultiValueDict({key: list(values) for key, values in (raw or {}).items()})


@dataclass
class Context:
    """What one section's form needs to know about the others."""

    user: User
    area: Area | None = None
    child_ages: list[int | None] = field(default_factory=list)

    @cached_property
    def version(self) -> FrameworkVersion | None:
        """The area's framework in force, read once: the indicators, the level and the service that
        creates the request all ask for it."""
        if self.area is None:
            return None
        known = (getattr(self.area, "version_id", None), getattr(self.area, "version_published_at", None))
        return version_in_force(self.area.framework, known=known)


def _in_force(column: str, today) -> Subquery:
    # The same choice as Framework.current_version, made in the area's own query.
    return Subquery(
        FrameworkVersion.objects.in_force(on=today)
        .filter(framework=OuterRef("framework"))
        .order_by("-effective_from", "-number")
        .values(column)[:1]
    )


def _areas(slug: str, today, *, submitting: bool):
    areas = Area.objects.annotate(
        version_id=_in_force("pk", today),
        version_published_at=_in_force("published_at", today),
        **closure_dates_with("closure_dates", "pk"),
    )
    if submitting:
        wording = ConsentWording.objects.filter(key=CURRENT_KEY).values("pk")[:1]
        areas = areas.annotate(consent_wording_id=Subquery(wording))
    return areas.filter(slug=slug, framework__isnull=False)


def _area_reads(submitting: bool) -> CompiledModels:
    """Every field of the area and its framework (forms and the submission read many of them)."""
    annotations = ("version_id", "version_published_at")
    annotations += ("closure_dates",) if connection.vendor == "postgresql" else ()
    annotations += ("consent_wording_id",) if submitting else ()
    return CompiledModels(
        Area,
        lambda slug, today: _areas(slug, today, submitting=submitting),
        fields=[
            *(f.name for f in Area._meta.concrete_fields),
            *(f"framework__{f.name}" for f in Framework._meta.concrete_fields),
        ],
        annotations=annotations,
    )


# Every step of the form and every submission asks: compiled once per process (lib/compiled.py).
_AREA_READS: dict[tuple[str, bool], CompiledModels] = {}


def area_of(data: dict, *, submitting: bool = False) -> Area | None:
    """The chosen area with what the sections and a submission ask of it, in one query: its
    framework, the version in force (its id and publication: the row itself is kept per process,
    thresholds.shapes), its closure days (deadlines.calendar), and for a submission the id of
    the consent wording it is sent under."""
    slug = str((data.get("area") or {}).get("area", [""])[0])
    if not slug or "\x00" in slug:  # no area's slug holds a NUL, and PostgreSQL cannot compare text that does
        return None
    key = (connection.vendor, submitting)
    if key not in _AREA_READS:
        _AREA_READS[key] = _area_reads(submitting)
    found = _AREA_READS[key].instances(slug, timezone.localdate(), limit=1)
    return found[0] if found else None


def child_ages_of(data: dict) -> list[int | None]:
    ages = []
    today = timezone.localdate()
    for raw in data.get("children") or []:
        form = ChildForm(data=as_data(raw))
        ages.append(age_on(form.cleaned_data.get("date_of_birth"), today) if form.is_valid() else None)
    return ages


def context_for(data: dict, user: User) -> Context:
    return Context(user=user, area=area_of(data), child_ages=child_ages_of(data))


def form_for(key: str, ctx: Context, data: MultiValueDict | None = None, initial: dict | None = None):
    """Build the form for a section (or for one item of a list section)."""
    kwargs: dict[str, Any] = {"data": data, "initial": initial or {}}
    if key == "start":
        return StartForm(**kwargs)
    if key == "about_you":
        return AboutYouForm(**kwargs)
    if key == "children":
        return ChildForm(**kwargs)
    if key == "household":
        return HouseholdMemberForm(**kwargs)
    if key == "worries":
        return WorriesForm(**kwargs)
    if key == "area":
        return AreaForm(known=ctx.area, **kwargs)
    if ctx.area is None:
        raise LookupError("Choose the child's area first")
    version = ctx.version
    if key == "indicators":
        return IndicatorsForm(version=version, child_ages=ctx.child_ages, **kwargs)
    if key == "level":
        return LevelForm(version=version, **kwargs)
    if key == "consent":
        return ConsentForm(area=ctx.area, child_ages=ctx.child_ages, **kwargs)
    raise KeyError(key)


def initial_about_you(user: User) -> dict:
    """About you is prefilled from the referrer's account."""
    return {
        "name": user.get_full_name(),
        "job_title": user.job_title,
        "agency": user.agency.name if user.agency_id else "",
        "phone": user.phone,
        "email": user.email,
    }


@dataclass
class Validation:
    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)  # "children[0].date_of_birth" -> messages
    status: dict[str, str] = field(default_factory=dict)  # section key -> completed / in_progress / not_started

    @property
    def ok(self) -> bool:
        return not self.errors


MINIMUM_ITEMS = {
    "children": "Add at least one child",
    "household": "Add at least one person with parental responsibility or who lives with the child",
}


# A sensible ceiling: more than this in one request is almost certainly a mistake or an attack.
MAXIMUM_ITEMS = {"children": 20, "household": 30}
TOO_MANY = {
    "children": f"A request can name up to {MAXIMUM_ITEMS['children']} children. For more, send another request",
    "household": f"A request can name up to {MAXIMUM_ITEMS['household']} people in the household",
}


def sections_validate(data: dict, user: User) -> Validation:
    """Validate every section of a draft (or of an API payload in the same shape). Its forms are
    only validated, never drawn, so they read their classes' fields rather than copies of them
    (lib/form_copies.py): a submission builds a dozen forms of some 120 fields."""
    with only_validated():
        return _validated(data, user)


def _validated(data: dict, user: User) -> Validation:
    result = Validation()
    # The children's ages come from their own validation below (children come before the
    # sections that read them), so each child's form is built once, not twice.
    ctx = Context(user=user, area=area_of(data, submitting=True))
    today = timezone.localdate()
    for section in SECTIONS:
        stored = data.get(section.key)
        if section.needs_area and ctx.area is None:
            result.status[section.key] = "cannot_start"
            result.errors[section.key] = ["Select the child's area first"]
            continue
        if section.many:
            items = stored or []
            cleaned_items = []
            for index, raw in enumerate(items):
                form = form_for(section.key, ctx, data=as_data(raw))
                valid = form.is_valid()
                if section.key == "children":
                    born = form.cleaned_data.get("date_of_birth") if valid else None
                    ctx.child_ages.append(age_on(born, today))
                if valid:
                    cleaned_items.append(form.cleaned_data)
                else:
                    for name, messages in form.errors.items():
                        result.errors[f"{section.key}[{index}].{name}"] = list(messages)
            if not items:
                result.errors[section.key] = [MINIMUM_ITEMS[section.key]]
            elif len(items) > MAXIMUM_ITEMS[section.key]:
                result.errors[section.key] = [TOO_MANY[section.key]]
            ok = items and len(cleaned_items) == len(items)
            result.status[section.key] = "completed" if ok else ("in_progress" if items else "not_started")
            result.cleaned[section.key] = cleaned_items
            continue
        form = form_for(section.key, ctx, data=as_data(stored))
        if stored is not None and form.is_valid():
            result.cleaned[section.key] = form.cleaned_data
            result.status[section.key] = "completed"
        else:
            if stored is None:
                result.errors[section.key] = [f"Complete the section: {section.title}"]
            else:
                for name, messages in form.errors.items():
                    result.errors[f"{section.key}.{name}"] = list(messages)
            result.status[section.key] = "in_progress" if stored is not None else "not_started"
    if "area" in result.cleaned:
        result.cleaned["area_obj"] = ctx.area
        result.cleaned["version"] = ctx.version
    return result
