"""The manager's download of the Ofsted Annex A lists."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from hub.access import areas_covered

from .annex_a import LISTS, annex_a_notes
from .annex_a_files import EXPORT_PERMISSION, FORMATS, annex_a_export, annex_a_filename, csv_lines, xlsx_spooled
from .forms import AnnexAForm


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
