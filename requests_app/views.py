"""Pages of the Request for Support. Each view fetches (with its permission
check), calls one service and redirects; the forms and services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from deadlines.models import Deadline
from hub.audit import audit_record
from hub.models import AuditEvent
from thresholds.choices import ConsentPolicy
from thresholds.services import level_suggest

from . import sections as S
from .forms import AttachmentForm
from .models import Attachment
from .selectors import draft_for, my_requests, own_request
from .services import SubmissionInvalid, draft_create, draft_remove_item, draft_save_section, request_submit

referrer_only = permission_required("hub.submit_request", raise_exception=True)


def _next_url(draft, key: str, request: HttpRequest) -> str:
    if request.POST.get("return_to") == "check":
        return reverse("requests:check", args=[draft.pk])
    order = ["start", "about_you", "children", "household", "worries", "area", "indicators", "level", "consent"]
    following = order[order.index(key) + 1] if key != "consent" else None
    if key == "start" and S.as_data(draft.data.get("start")).get("immediate_risk") == "yes":
        return reverse("requests:immediate-risk", args=[draft.pk])
    if following is None:
        return reverse("requests:check", args=[draft.pk])
    if S.BY_KEY[following].many:
        return reverse("requests:list", args=[draft.pk, following])
    return reverse("requests:section", args=[draft.pk, following])


@referrer_only
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft = draft_create(owner=request.user)
        return redirect("requests:section", draft.pk, "start")
    return render(request, "requests_app/start.html", {"page_title": "Request support for a child"})


@referrer_only
def task_list(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    validation = S.sections_validate(draft.data, request.user)
    groups = [
        ("Before you start", ["start", "about_you"]),
        ("The child and family", ["children", "household", "worries"]),
        ("Level of need", ["area", "indicators", "level"]),
        ("Consent", ["consent"]),
    ]
    rows = [
        (title, [(S.BY_KEY[key], validation.status.get(key, "not_started")) for key in keys]) for title, keys in groups
    ]
    done = sum(1 for status in validation.status.values() if status == "completed")
    return render(
        request,
        "requests_app/task_list.html",
        {
            "draft": draft,
            "groups": rows,
            "done": done,
            "total": len(S.SECTIONS),
            "ready": validation.ok,
            "page_title": "Request for support",
        },
    )


@referrer_only
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, draft_id, key: str, index: int | None = None, adding: bool = False) -> HttpResponse:
    """One question page. Its answers are saved at every Continue, valid or not."""
    draft = draft_for(user=request.user, draft_id=draft_id)
    spec = S.BY_KEY.get(key)
    if (
        spec is None
        or (spec.many and index is None and not adding)
        or (not spec.many and (index is not None or adding))
    ):
        raise Http404("No such section")
    items = draft.data.get(key) or []
    if spec.many and index is not None and index >= len(items):
        raise Http404("No such entry")
    ctx = S.context_for(draft.data, request.user)
    if spec.needs_area and ctx.area is None:
        messages.info(request, "Tell us the child's area first: the levels of need and consent rules depend on it.")
        return redirect("requests:section", draft.pk, "area")
    if request.method == "POST":
        raw = S.raw_from_post(request.POST)
        form = S.form_for(key, ctx, data=S.as_data(raw))
        draft_save_section(draft=draft, key=key, raw=raw, index=index)
        if "save_and_return" in request.POST:
            messages.success(request, "Your answers are saved. You can come back to this request from My requests.")
            return redirect("requests:tasks", draft.pk)
        if form.is_valid():
            if spec.many:
                return redirect("requests:list", draft.pk, key)
            return redirect(_next_url(draft, key, request))
        if adding:
            # The new entry is saved; correct it in place, or a second Continue would add it twice.
            saved = len(draft.data[key]) - 1
            return redirect(reverse("requests:item", args=[draft.pk, key, saved]) + "?show_errors=1")
    else:
        stored = items[index] if spec.many and index is not None else (None if spec.many else draft.data.get(key))
        if stored is not None:
            form = S.form_for(key, ctx, data=S.as_data(stored))
            if request.GET.get("show_errors") != "1":
                # Saved answers come back as they were typed; errors wait for Continue.
                form._errors = ErrorDict()
        else:
            initial = None
            if key == "about_you":
                initial = S.initial_about_you(request.user)
            elif key == "area":
                initial = {"area": _area_from_postcode(draft)}
            form = S.form_for(key, ctx, initial=initial)
    extra = _section_extra(key, draft, ctx, form)
    template = (
        f"requests_app/section_{key}.html" if key in {"indicators", "level", "worries"} else "requests_app/section.html"
    )
    return render(
        request,
        template,
        {
            "draft": draft,
            "form": form,
            "section": spec,
            "index": index,
            "adding": adding,
            "return_to": request.GET.get("return_to", ""),
            "page_title": spec.title,
            **extra,
        },
    )


def _area_from_postcode(draft) -> str | None:
    from hub.models import Area

    for raw in draft.data.get("children") or []:
        postcode = (raw.get("postcode") or [""])[0].strip().upper()
        district = postcode.split(" ")[0] if " " in postcode else postcode[:-3]
        if district:
            for area in Area.objects.filter(framework__isnull=False):
                if district in (area.postcode_districts or []):
                    return area.slug
    return None


def _section_extra(key: str, draft, ctx, form) -> dict:
    if key == "level" and ctx.area is not None:
        version = ctx.area.framework.current_version()
        indicators = S.as_data(draft.data.get("indicators"))
        ind_form = S.form_for("indicators", ctx, data=indicators)
        facts = ind_form.cleaned_data.get("facts", {}) if ind_form.is_valid() else {}
        ids = [int(pk) for pk in indicators.getlist("indicators") if pk.isdigit()]
        suggestion = level_suggest(version=version, indicator_ids=ids, facts=facts)
        chosen = form.data.get("level") if form.is_bound else None
        immediate = S.as_data(draft.data.get("start")).get("immediate_risk") == "yes"
        prior_eha = S.as_data(draft.data.get("worries")).get("prior_eha")
        eha_warning = ctx.area.framework.key == "pan-lancashire" and prior_eha != "yes" and not immediate
        return {"suggestion": suggestion, "area": ctx.area, "eha_warning": eha_warning, "chosen": chosen}
    if key == "indicators":
        return {"area": ctx.area, "checked": set(form.data.getlist("indicators")) if form.is_bound else set()}
    if key == "worries":
        return {
            "attachments": draft.attachments.all(),
            "upload_form": AttachmentForm(action=reverse("requests:upload", args=[draft.pk])),
        }
    return {}


@referrer_only
def immediate_risk(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    area = S.area_of(draft.data) or request.user.area
    return render(
        request, "requests_app/immediate_risk.html", {"draft": draft, "area": area, "page_title": "Call 999 now"}
    )


@referrer_only
def item_list(request: HttpRequest, draft_id, key: str) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    spec = S.BY_KEY.get(key)
    if spec is None or not spec.many:
        raise Http404("No such list")
    ctx = S.context_for(draft.data, request.user)
    items = []
    for n, raw in enumerate(draft.data.get(key) or []):
        form = S.form_for(key, ctx, data=S.as_data(raw))
        items.append({"index": n, "raw": S.as_data(raw), "valid": form.is_valid()})
    if request.method == "POST":
        if items and all(item["valid"] for item in items):
            return redirect(_next_url(draft, key, request))
        messages.error(request, S.MINIMUM_ITEMS[key] if not items else "Finish or remove the entries marked incomplete")
    return render(
        request,
        "requests_app/item_list.html",
        {"draft": draft, "section": spec, "items": items, "page_title": spec.title},
    )


@referrer_only
@require_POST
def item_remove(request: HttpRequest, draft_id, key: str, index: int) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    draft_remove_item(draft=draft, key=key, index=index)
    messages.success(request, "Removed.")
    return redirect("requests:list", draft.pk, key)


@referrer_only
@require_POST
def attachment_upload(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    # The upload button sits in the worries form: keep what was typed there first.
    typed = {k: v for k, v in S.raw_from_post(request.POST).items() if k not in ("kind", "file")}
    if typed:
        draft_save_section(draft=draft, key="worries", raw=typed)
    form = AttachmentForm(request.POST, request.FILES, action=reverse("requests:upload", args=[draft.pk]))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        Attachment.objects.create(
            draft=draft,
            file=upload,
            original_name=upload.name[-200:],
            content_type=form.content_type,
            size=upload.size,
            kind=form.cleaned_data["kind"],
            uploaded_by=request.user,
        )
        messages.success(request, f"{upload.name} uploaded.")
        return redirect("requests:section", draft.pk, "worries")
    ctx = S.context_for(draft.data, request.user)
    worries = (
        S.form_for("worries", ctx, data=S.as_data(draft.data.get("worries")))
        if draft.data.get("worries")
        else S.form_for("worries", ctx)
    )
    worries._errors = ErrorDict()  # they pressed Upload, not Continue: only the file's problem is shown
    return render(
        request,
        "requests_app/section_worries.html",
        {
            "draft": draft,
            "form": worries,
            "section": S.BY_KEY["worries"],
            "upload_form": form,
            "formset_errors": True,
            "attachments": draft.attachments.all(),
            "page_title": "Your worries",
        },
        status=400,
    )


@referrer_only
@require_POST
def attachment_remove(request: HttpRequest, draft_id, attachment_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    get_object_or_404(Attachment, pk=attachment_id, draft=draft).delete()
    messages.success(request, "File removed.")
    return redirect("requests:section", draft.pk, "worries")


@referrer_only
def check(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    validation = S.sections_validate(draft.data, request.user)
    ctx = S.context_for(draft.data, request.user)
    return render(
        request,
        "requests_app/check.html",
        {
            "draft": draft,
            "validation": validation,
            "area": ctx.area,
            "data": draft.data,
            "summary": _summary(draft, ctx),
            "attachments": draft.attachments.all(),
            "policy_triage": ctx.area and ctx.area.consent_policy == ConsentPolicy.ACCEPT_AS_TRIAGE_STEP,
            "page_title": "Check your answers before sending your request",
        },
    )


def _summary(draft, ctx) -> list:
    """Each answer as (section, item index, question, answer), for Check your answers."""
    rows = []
    for spec in S.SECTIONS:
        if spec.needs_area and ctx.area is None:
            continue
        stored = draft.data.get(spec.key)
        items = stored if spec.many else [stored]
        for n, raw in enumerate(items or []):
            if raw is None:
                continue
            form = S.form_for(spec.key, ctx, data=S.as_data(raw))
            form.is_valid()
            answers = []
            for name, field in form.fields.items():
                if name in ("wording_key",) or getattr(field.widget, "input_type", "") == "hidden":
                    continue
                answers.append((field.label, _answer(form, name)))
            rows.append({"section": spec, "index": n if spec.many else None, "answers": answers})
    return rows


def _answer(form, name: str) -> str:
    field = form.fields[name]
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if value is None:
        value = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
    choices = {str(k): v for k, v in getattr(field, "choices", []) or []}
    if isinstance(value, (list, tuple)):
        return "; ".join(str(choices.get(str(v), v)) for v in value) or "Not answered"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    if hasattr(value, "name") and not isinstance(value, str):
        return str(value)
    return str(choices.get(str(value), value)) if value not in (None, "") else "Not answered"


@referrer_only
@require_POST
def submit(request: HttpRequest, draft_id) -> HttpResponse:
    from .models import RequestDraft, RequestForSupport

    draft = get_object_or_404(RequestDraft, pk=draft_id)
    if draft.owner_id != request.user.pk:
        raise PermissionDenied("This is someone else's draft.")
    already = RequestForSupport.objects.filter(draft=draft).first()
    if already:
        # A double click or a re-posted page: show the request the first click made.
        return redirect("requests:confirmation", already.reference)
    try:
        made = request_submit(draft=draft, by=request.user)
    except SubmissionInvalid:
        messages.error(request, "Some answers are missing or need changing. Complete every section, then send.")
        return redirect("requests:check", draft.pk)
    return redirect("requests:confirmation", made.reference)


@referrer_only
def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    made = own_request(user=request.user, reference=reference)
    decision = made.deadlines.filter(kind=Deadline.Kind.CONTACT_DECISION).first()
    return render(
        request, "requests_app/confirmation.html", {"made": made, "decision": decision, "page_title": "Request sent"}
    )


@referrer_only
def mine(request: HttpRequest) -> HttpResponse:
    drafts, sent = my_requests(user=request.user)
    return render(request, "requests_app/mine.html", {"drafts": drafts, "sent": sent, "page_title": "My requests"})


@referrer_only
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    made = own_request(user=request.user, reference=reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=made)
    return render(request, "requests_app/detail.html", {"made": made, "page_title": f"Request {made.reference}"})


@referrer_only
@require_POST
def draft_delete(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    draft.delete()
    messages.success(request, "Draft deleted.")
    return redirect("requests:mine")


def attachment_download(request: HttpRequest, attachment_id) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("request", "draft"), pk=attachment_id)
    owner = attachment.draft.owner_id if attachment.draft_id else attachment.request.referrer_id
    staff = (
        request.user.has_perm("hub.view_child_record")
        and attachment.request_id
        and (attachment.request.area_id == request.user.area_id)
    )
    if request.user.pk != owner and not staff:
        raise PermissionDenied("You cannot open this file.")
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
