"""The family copy's page, its PDF, and the referrer's confirmation. The referrer of the request
and hub staff covering its area may read it; anyone else gets the 404 a missing request gets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hub.audit import audit_record
from hub.models import AuditEvent

from .forms import ConfirmForm
from .pdf import PdfUnavailable, family_copy_pdf
from .selectors import family_copy_page, family_request
from .services import CopyWithheld, family_copy_confirm


def _page(request: HttpRequest, support_request, stage: str, form=None, status: int = 200) -> HttpResponse:
    context = family_copy_page(support_request=support_request, stage=stage, user=request.user)
    is_referrer = context["is_referrer"]
    back = support_request.get_referrer_url() if is_referrer else support_request.get_absolute_url()
    context |= {"form": form or ConfirmForm(), "back_url": back, "page_title": "Family copy"}
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=support_request, detail={"family_copy": stage})
    return render(request, "family/copy.html", context, status=status)


@login_required
def copy_page(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    return _page(request, family_request(user=request.user, reference=reference, stage=stage), stage)


@login_required
def copy_pdf(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    support_request = family_request(user=request.user, reference=reference, stage=stage)
    context = family_copy_page(support_request=support_request, stage=stage, user=request.user)
    if context["withheld"]:
        return redirect("family:copy", reference, stage)  # the page says why there is no copy
    audit_record(
        actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=support_request, detail={"family_copy": stage}
    )
    try:
        # The PDF's template gets the copy alone: nothing else of the record is there to show.
        pdf = family_copy_pdf({"copy": context["copy"]})
    except PdfUnavailable:
        messages.error(request, "The PDF cannot be made on this server just now. Print the page instead.")
        return redirect("family:copy", reference, stage)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="family-copy-{support_request.reference}-{stage}.pdf"'
    return response


@login_required
@require_POST
def copy_confirm(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    # Only the referrer shares the copy (decision 0020): to anyone else this is a missing request.
    support_request = family_request(user=request.user, reference=reference, stage=stage, referrer_only=True)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _page(request, support_request, stage, form=form, status=400)
    try:
        _, recorded = family_copy_confirm(support_request=support_request, stage=stage, by=request.user)
    except CopyWithheld:
        return _page(request, support_request, stage, status=400)
    if recorded:
        messages.success(request, "You confirmed that you will share this copy with the family. The hub has a record.")
    return redirect("family:copy", reference, stage)
