"""Census readiness: the children whose records would fail a census rule today."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub.access import areas_covered
from hub.audit import audit_listed

from .annex_a_files import EXPORT_PERMISSION
from .cin_census import CensusYear
from .forms import ReadinessForm
from .readiness import census_readiness


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def readiness_page(request: HttpRequest) -> HttpResponse:
    """Every child in a census year whose record would fail a census rule today, by rule."""
    areas = list(areas_covered(request.user))  # one access policy: no area outside the manager's cover
    form = ReadinessForm(request.GET, areas=areas, current=CensusYear.containing(timezone.localdate()))
    readiness = census_readiness(**form.arguments()) if form.is_valid() else None
    if readiness is not None:
        audit_listed(actor=request.user, objects=readiness.shown, listed_in="census readiness")
    context = {
        "form": form,
        "readiness": readiness,
        "page_title": "Census readiness",
    }
    return render(request, "reporting/readiness.html", context, status=200 if readiness is not None else 400)
