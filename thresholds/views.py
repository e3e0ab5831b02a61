from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hub.models import Area

from .choices import FactorKind
from .selectors import areas_with_frameworks, framework_glance


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "thresholds/index.html", {"areas": areas_with_frameworks()})


def glance(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("framework"), slug=area_slug)
    version = area.framework.current_version() if area.framework else None
    if version is None:
        raise Http404("No levels of need are published for this area yet.")
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL cannot search for a NUL
    levels = framework_glance(version=version, query=query)
    factors = list(version.factors.order_by("kind", "position"))
    return render(
        request,
        "thresholds/glance.html",
        {
            "area": area,
            "version": version,
            "levels": levels,
            "query": query,
            "match_count": sum(level.count for level in levels),
            "protective": [f for f in factors if f.kind == FactorKind.PROTECTIVE],
            "special": [f for f in factors if f.kind == FactorKind.SPECIAL_CONSIDERATION],
            "warning_signs": [f for f in factors if f.kind == FactorKind.WARNING_SIGN],
            "sharing_areas": version.framework.areas.exclude(pk=area.pk).order_by("name"),
            "page_title": f"Levels of need in {area.name}",
        },
    )
