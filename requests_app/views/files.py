"""Files a referrer attaches to a draft, and downloading them."""

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hub.audit import audit_record
from hub.models import AuditEvent

from .. import sections
from ..forms import AttachmentForm
from ..models import Attachment
from ..selectors import attachment_for, draft_for
from ..services import attachment_add, draft_save_section
from .access import referrer_only


@referrer_only
@require_POST
def attachment_upload(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    # The upload button sits in the worries form: keep what was typed there first.
    typed = {k: v for k, v in sections.raw_from_post(request.POST).items() if k not in ("kind", "file")}
    if typed:
        draft_save_section(draft=draft, key="worries", raw=typed)
    form = AttachmentForm(request.POST, request.FILES, action=reverse("requests:upload", args=[draft.pk]))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        attachment_add(
            draft=draft, upload=upload, kind=form.cleaned_data["kind"], content_type=form.content_type, by=request.user
        )
        messages.success(request, f"{upload.name} uploaded.")
        return redirect("requests:section", draft.pk, "worries")
    ctx = sections.context_for(draft.data, request.user)
    stored = draft.data.get("worries")
    worries = sections.form_for("worries", ctx, data=sections.as_data(stored) if stored else None)
    worries._errors = ErrorDict()  # they pressed Upload, not Continue: only the file's problem is shown
    context = {
        "draft": draft,
        "form": worries,
        "section": sections.BY_KEY["worries"],
        "upload_form": form,
        "formset_errors": True,
        "attachments": draft.attachments.all(),
        "page_title": "Your worries",
    }
    return render(request, "requests_app/section_worries.html", context, status=400)


@referrer_only
@require_POST
def attachment_remove(request: HttpRequest, draft_id, attachment_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    get_object_or_404(Attachment, pk=attachment_id, draft=draft).delete()
    messages.success(request, "File removed.")
    return redirect("requests:section", draft.pk, "worries")


def attachment_download(request: HttpRequest, attachment_id) -> FileResponse:
    attachment = attachment_for(user=request.user, attachment_id=attachment_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=attachment,
        reference=attachment.request.reference if attachment.request_id else "",
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
