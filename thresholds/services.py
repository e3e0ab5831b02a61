"""Services for threshold frameworks: the advisory level suggestion and versioning."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .choices import StatutoryBasis
from .models import Factor, FrameworkVersion, Indicator, Level
from .rules import rule_explain, rule_matches


@dataclass(frozen=True)
class Reason:
    indicator: Indicator
    why: str  # "ticked" or the rule that matched, in words


@dataclass(frozen=True)
class Suggestion:
    """Advice only. A person confirms the level; nothing here sets it (rule 26)."""

    level: Level | None
    statutory_basis: str = StatutoryBasis.NONE
    reasons: list[Reason] = field(default_factory=list)  # the indicators that drove the level
    also_noted: list[Reason] = field(default_factory=list)  # lower-level indicators that also apply


def level_suggest(
    *, version: FrameworkVersion, indicator_ids: list[int] | tuple = (), facts: dict[str, Any] | None = None
) -> Suggestion:
    """Suggest a level from ticked indicators and stated facts.

    The highest level any ticked or rule-matched indicator sits at wins; its
    indicators are the reasons. Indicators are "neither exhaustive nor
    weighted" (003), so a single level-4 indicator is enough to suggest level 4.
    """
    facts = facts or {}
    ticked = set(indicator_ids)
    # One query: the ticked indicators plus every indicator that carries a rule.
    candidates = version.indicators.select_related("level", "domain").filter(Q(pk__in=ticked) | Q(rule__isnull=False))
    reasons = []
    for indicator in candidates:
        if indicator.pk in ticked:
            reasons.append(Reason(indicator, "ticked"))
        elif rule_matches(indicator.rule, facts):
            reasons.append(Reason(indicator, f"rule: {rule_explain(indicator.rule, facts)}"))
    if not reasons:
        return Suggestion(level=None)
    top = max(r.indicator.level.number for r in reasons)
    drivers = [r for r in reasons if r.indicator.level.number == top]
    others = sorted((r for r in reasons if r.indicator.level.number != top), key=lambda r: -r.indicator.level.number)
    bases = {r.indicator.statutory_basis for r in drivers}
    basis = (
        StatutoryBasis.S47
        if StatutoryBasis.S47 in bases
        else StatutoryBasis.S17
        if StatutoryBasis.S17 in bases
        else StatutoryBasis.NONE
    )
    return Suggestion(level=drivers[0].indicator.level, statutory_basis=basis, reasons=drivers, also_noted=others)


def _copy_rows(rows, draft: FrameworkVersion) -> dict:
    """Save a copy of each row under the draft; map old primary keys to the copies."""
    copies = {}
    for row in rows:
        old_pk = row.pk
        row.pk, row.version = None, draft
        row.save()
        copies[old_pk] = row
    return copies


@transaction.atomic
def framework_version_draft(*, version: FrameworkVersion, by=None, change_note: str = "") -> FrameworkVersion:
    """Copy a version, with all its levels, domains, indicators and factors, into a new draft.

    Editing a framework means editing a draft like this and publishing it; the
    version a request was judged against is never changed.
    """
    number = (version.framework.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = FrameworkVersion.objects.create(
        framework=version.framework,
        number=number,
        source_document=version.source_document,
        effective_from=version.effective_from,
        effective_from_note=version.effective_from_note,
        has_indicators=version.has_indicators,
        indicators_note=version.indicators_note,
        notes=version.notes,
        change_note=change_note,
        based_on=version,
        created_by=by,
    )
    levels = _copy_rows(version.levels.all(), draft)
    domains = _copy_rows(version.domains.all(), draft)
    Indicator.objects.bulk_create(
        Indicator(
            version=draft,
            level=levels[i.level_id],
            domain=domains[i.domain_id],
            text=i.text,
            source_ref=i.source_ref,
            statutory_basis=i.statutory_basis,
            rule=i.rule,
            position=i.position,
        )
        for i in version.indicators.all()
    )
    Factor.objects.bulk_create(
        Factor(version=draft, kind=f.kind, group=f.group, text=f.text, source_ref=f.source_ref, position=f.position)
        for f in version.factors.all()
    )
    return draft


def framework_version_publish(*, version: FrameworkVersion, effective_from=None) -> FrameworkVersion:
    """Publish a draft. From its effective date it is the version new requests are judged against."""
    if version.is_published:
        raise ValueError("This version is already published.")
    version.published_at = timezone.now()
    version.effective_from = effective_from or max(version.effective_from, timezone.localdate())
    version.save(update_fields=["published_at", "effective_from"])
    return version
