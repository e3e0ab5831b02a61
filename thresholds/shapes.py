"""A published framework version's levels and indicators, read once per process.

Every page of the form that asks about need, and every submission, needs the same
few hundred indicators of one version. A published version is never edited in place
(see models), so what was read for it stays true: the cache is keyed by the version
and the moment it was published, and a draft version is always read afresh.
"""

from dataclasses import dataclass
from functools import cached_property

from lib.form_copies import ChoiceRows

from .models import FrameworkVersion, Indicator, Level

KEPT = 32  # versions a process holds: every area's current and previous versions, with room to spare


@dataclass(frozen=True)
class VersionShape:
    levels: tuple[Level, ...]  # by number
    indicators: tuple[Indicator, ...]  # in the framework's order, each with its level and domain

    @cached_property
    def groups(self) -> list[tuple[Level, list[tuple[str, list[Indicator]]]]]:
        """(level, [(domain name, [indicator, ...]), ...]) in the framework's order."""
        grouped = []
        for level in self.levels:
            by_domain: dict[str, list[Indicator]] = {}
            for indicator in self.indicators:
                if indicator.level_id == level.pk:
                    by_domain.setdefault(indicator.domain.name, []).append(indicator)
            grouped.append((level, list(by_domain.items())))
        return grouped

    @cached_property
    def indicator_choices(self) -> ChoiceRows:
        """The indicators as a form's choices, in the order the form lists them."""
        return ChoiceRows(
            (str(indicator.pk), indicator.text)
            for _, domains in self.groups
            for _, group in domains
            for indicator in group
        )

    @cached_property
    def by_pk(self) -> dict[int, Indicator]:
        return {indicator.pk: indicator for indicator in self.indicators}


_shapes: dict[tuple[int, object], VersionShape] = {}


def version_shape(version: FrameworkVersion) -> VersionShape:
    """The version's levels and indicators; two queries the first time, none after for a published one."""
    key = (version.pk, version.published_at)
    if version.published_at is not None and key in _shapes:
        return _shapes[key]
    levels = tuple(version.levels.order_by("number"))
    by_level = {level.pk: level for level in levels}
    indicators = tuple(version.indicators.select_related("domain"))
    for indicator in indicators:
        # Share the level rows already read rather than a copy per indicator.
        indicator.level = by_level[indicator.level_id]
    shape = VersionShape(levels=levels, indicators=indicators)
    if version.published_at is not None:
        if len(_shapes) >= KEPT:
            _shapes.pop(next(iter(_shapes)))
        _shapes[key] = shape
    return shape


_versions: dict[tuple[int, object], FrameworkVersion] = {}


def version_in_force(framework, *, known: tuple[int | None, object] = (None, None)) -> FrameworkVersion | None:
    """The framework's version in force today. `known` is its (id, published_at) when the caller
    read them with something else (the area, in one query): a published version is then taken
    from this process's copy, read no more than once, as its shape is."""
    if known[0] is not None and known[1] is not None and known in _versions:
        return _versions[known]
    version = framework.current_version()
    if version is not None and version.published_at is not None:
        if len(_versions) >= KEPT:
            _versions.pop(next(iter(_versions)))
        _versions[(version.pk, version.published_at)] = version
    return version
