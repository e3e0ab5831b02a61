"""The manager's pages: the download of the Ofsted Annex A lists, and census readiness."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub.access import areas_covered
from hub.audit import audit_listed

from .annex_a import LISTS, annex_a_notes
from .annex_a_files import EXPORT_PERMISSION, FORMATS, annex_a_export, annex_a_filename, csv_lines, xlsx_spooled
from .cin_census import CensusYear
from .forms import AnnexAForm, ReadinessForm
from .readiness import census_readiness


@permission_required(EXPORT_PERMISSION, raise_exception=True)
def annex_a_page(request: HttpRequest) -> HttpResponse:
    # A POST, not a link: each export is recorded, and a prefetching browser must not make one.
    form = AnnexAForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        areas = list(areas_covered(request.user))  # one access policy: the areas the manager covers
        arguments = form.arguments()
        a_list, rows = annex_a_export(areas=areas, by=request.user, **arguments)
        filename = annex_a_filename(a_list, arguments["first"], arguments["last"], arguments["file_format"])
        if arguments["file_format"] == "csv":
            response = StreamingHttpResponse(csv_lines(a_list.headers, rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        workbook = xlsx_spooled(a_list, rows, annex_a_notes(a_list))
        return FileResponse(workbook, as_attachment=True, filename=filename, content_type=FORMATS["xlsx"])
    lists = [(a_list, annex_a_notes(a_list)) for _, a_list in sorted(LISTS.items())]
    return render(
        request, "reporting/annex_a.html", {"form": form, "lists": lists, "page_title": "Ofsted Annex A lists"}
    )


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
