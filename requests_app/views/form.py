"""The referrer's question pages: start, the task list, each section, lists of
children and household members, and the immediate-risk page. Each view
fetches the draft (its owner only), calls one service, then redirects or renders."""

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hub.selectors import area_for_postcode

from .. import sections
from ..models import RequestDraft
from ..selectors import draft_for, section_extra, task_list_rows
from ..services import draft_create, draft_delete, draft_remove_item, draft_save_section
from .access import referrer_only

# The section pages with a template of their own; the rest share section.html.
OWN_TEMPLATES = {"indicators", "level", "worries"}


def _next_url(draft: RequestDraft, key: str, request: HttpRequest) -> str:
    """Where Continue goes: back to Check your answers, the immediate-risk page, or the next section."""
    if request.POST.get("return_to") == "check":
        return reverse("requests:check", args=[draft.pk])
    if key == "start" and sections.answered_immediate_risk(draft.data):
        return reverse("requests:immediate-risk", args=[draft.pk])
    following = sections.section_after(key)
    if following is None:
        return reverse("requests:check", args=[draft.pk])
    return reverse("requests:list" if following.many else "requests:section", args=[draft.pk, following.key])


@referrer_only
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft = draft_create(owner=request.user)
        return redirect("requests:section", draft.pk, "start")
    return render(request, "requests_app/start.html", {"page_title": "Request support for a child"})


@referrer_only
def task_list(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    context = {"draft": draft, "page_title": "Request for support", **task_list_rows(draft=draft, user=request.user)}
    return render(request, "requests_app/task_list.html", context)


def _spec(key: str, index: int | None, adding: bool) -> sections.Section:
    spec = sections.BY_KEY.get(key)
    one_item = index is not None or adding
    if spec is None or (spec.many and not one_item) or (not spec.many and one_item):
        raise Http404("No such section")
    return spec


def _unbound_form(request: HttpRequest, draft: RequestDraft, spec, index: int | None, ctx):
    """The form as the referrer left it: saved answers as typed (errors wait for Continue), or a fresh one."""
    items = draft.data.get(spec.key) or []
    stored = items[index] if spec.many and index is not None else (None if spec.many else draft.data.get(spec.key))
    if stored is not None:
        form = sections.form_for(spec.key, ctx, data=sections.as_data(stored))
        if request.GET.get("show_errors") != "1":
            form._errors = ErrorDict()
        return form
    initial = None
    if spec.key == "about_you":
        initial = sections.initial_about_you(request.user)
    elif spec.key == "area":
        postcodes = [(child.get("postcode") or [""])[0] for child in draft.data.get("children") or []]
        suggested = next((area for area in map(area_for_postcode, postcodes) if area), None)
        initial = {"area": suggested.slug if suggested else None}
    return sections.form_for(spec.key, ctx, initial=initial)


def _save_and_move_on(request, draft, spec, index, adding, ctx):
    """Save what was posted, valid or not; move on if it is valid. Returns (response, form)."""
    raw = sections.raw_from_post(request.POST)
    form = sections.form_for(spec.key, ctx, data=sections.as_data(raw))
    if adding and sections.is_blank(raw):
        form.is_valid()  # an empty page shows what to fill in, and saves nobody
        return None, form
    draft_save_section(draft=draft, key=spec.key, raw=raw, index=index)
    if "save_and_return" in request.POST:
        messages.success(request, "Your answers are saved. You can come back to this request from My requests.")
        return redirect("requests:tasks", draft.pk), form
    if form.is_valid():
        return redirect("requests:list", draft.pk, spec.key) if spec.many else redirect(
            _next_url(draft, spec.key, request)
        ), form
    if adding:
        # The new entry is saved; correct it in place, or a second Continue would add it twice.
        saved = len(draft.data[spec.key]) - 1
        return redirect(reverse("requests:item", args=[draft.pk, spec.key, saved]) + "?show_errors=1"), form
    return None, form


@referrer_only
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, draft_id, key: str, index: int | None = None, adding: bool = False) -> HttpResponse:
    """One question page. Its answers are saved at every Continue, valid or not."""
    draft = draft_for(user=request.user, draft_id=draft_id)
    spec = _spec(key, index, adding)
    if spec.many and index is not None and index >= len(draft.data.get(key) or []):
        raise Http404("No such entry")
    ctx = sections.context_for(draft.data, request.user)
    if spec.needs_area and ctx.area is None:
        messages.info(request, "Tell us the child's area first: the levels of need and consent rules depend on it.")
        return redirect("requests:section", draft.pk, "area")
    if request.method == "POST":
        response, form = _save_and_move_on(request, draft, spec, index, adding, ctx)
        if response is not None:
            return response
    else:
        form = _unbound_form(request, draft, spec, index, ctx)
    template = f"requests_app/section_{key}.html" if key in OWN_TEMPLATES else "requests_app/section.html"
    context = {
        "draft": draft,
        "form": form,
        "section": spec,
        "index": index,
        "adding": adding,
        "return_to": request.GET.get("return_to", ""),
        "page_title": spec.title,
        **section_extra(key=key, draft=draft, ctx=ctx, form=form),
    }
    return render(request, template, context)


@referrer_only
def immediate_risk(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    area = sections.area_of(draft.data) or request.user.area
    return render(
        request, "requests_app/immediate_risk.html", {"draft": draft, "area": area, "page_title": "Call 999 now"}
    )


@referrer_only
def item_list(request: HttpRequest, draft_id, key: str) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    spec = sections.BY_KEY.get(key)
    if spec is None or not spec.many:
        raise Http404("No such list")
    ctx = sections.context_for(draft.data, request.user)
    items = []
    for n, raw in enumerate(draft.data.get(key) or []):
        form = sections.form_for(key, ctx, data=sections.as_data(raw))
        name = sections.item_name(key, raw)
        items.append({"index": n, "raw": sections.as_data(raw), "name": name, "valid": form.is_valid()})
    if request.method == "POST":
        if items and all(item["valid"] for item in items):
            return redirect(_next_url(draft, key, request))
        incomplete = "Finish or remove the entries marked incomplete"
        messages.error(request, sections.MINIMUM_ITEMS[key] if not items else incomplete)
    return render(
        request,
        "requests_app/item_list.html",
        {"draft": draft, "section": spec, "items": items, "page_title": spec.title},
    )


@referrer_only
@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, draft_id, key: str, index: int) -> HttpResponse:
    """Are you sure? Then remove the entry, if it is still the one the referrer saw."""
    draft = draft_for(user=request.user, draft_id=draft_id)
    items = draft.data.get(key) or []
    if key not in sections.MINIMUM_ITEMS or not 0 <= index < len(items):
        raise Http404("No such entry")
    name = sections.item_name(key, items[index])
    if request.method == "POST":
        draft_remove_item(draft=draft, key=key, index=index, name=request.POST.get("name", ""))
        messages.success(request, f"{request.POST.get('name', 'The entry')} has been removed.")
        return redirect("requests:list", draft.pk, key)
    context = {"draft": draft, "question": f"Are you sure you want to remove {name}?", "name": name}
    context |= {
        "confirm": "Yes, remove",
        "back": reverse("requests:list", args=[draft.pk, key]),
        "page_title": "Remove",
    }
    return render(request, "requests_app/confirm.html", context)


@referrer_only
@require_http_methods(["GET", "POST"])
def draft_discard(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    if request.method == "POST":
        draft_delete(draft=draft, by=request.user)
        messages.success(request, "Your draft has been deleted.")
        return redirect("requests:mine")
    context = {"draft": draft, "question": "Are you sure you want to delete this draft?", "confirm": "Yes, delete it"}
    context |= {"back": reverse("requests:tasks", args=[draft.pk]), "page_title": "Delete this draft"}
    context["warning"] = "Everything you have entered will be deleted. You cannot undo this."
    return render(request, "requests_app/confirm.html", context)
