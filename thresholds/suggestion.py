"""The advisory level suggestion: which level the ticked indicators and stated
facts point to, and why. Read-only advice; a person decides (rule 26)."""

from dataclasses import dataclass, field
from typing import Any

from .choices import StatutoryBasis
from .models import FrameworkVersion, Indicator, Level
from .rules import rule_explain, rule_matches
from .shapes import version_shape


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
    # The ticked indicators plus every indicator that carries a rule, from the version read once.
    candidates = [i for i in version_shape(version).indicators if i.pk in ticked or i.rule is not None]
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
