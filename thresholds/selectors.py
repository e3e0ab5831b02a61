"""Read-side queries for threshold frameworks. Each returns everything a page
needs in a fixed number of queries, whatever the framework's size."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from hub.models import Area

from .models import FrameworkVersion, Indicator, Level


@dataclass
class DomainGroup:
    name: str
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class LevelView:
    level: Level
    domains: list[DomainGroup]

    @property
    def count(self) -> int:
        return sum(len(d.indicators) for d in self.domains)


def areas_with_frameworks():
    return Area.objects.filter(framework__isnull=False).select_related("framework").order_by("name")


def framework_glance(*, version: FrameworkVersion, query: str = "") -> list[LevelView]:
    """Levels with their indicators grouped by domain, filtered by a search query."""
    indicators = Indicator.objects.select_related("domain").order_by("domain__position", "position")
    words = query.split()
    if words:
        condition = Q()
        for word in words:
            condition &= Q(text__icontains=word) | Q(domain__name__icontains=word)
        indicators = indicators.filter(condition)
    levels = version.levels.order_by("number").prefetch_related(
        Prefetch("indicators", queryset=indicators, to_attr="shown")
    )
    views = []
    for level in levels:
        groups: dict[int, DomainGroup] = {}
        for indicator in level.shown:
            groups.setdefault(indicator.domain_id, DomainGroup(indicator.domain.name)).indicators.append(indicator)
        views.append(LevelView(level, list(groups.values())))
    return views
