"""The hub's pages: the queue, the request page and its actions, partner checks,
disagreements. Views fetch with an object-level check, call one service and
redirect; on a refusal they show the page again with the reason and the
worker's typed answers kept."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from consent.services import consent_withdraw
from deadlines.calendar import LONDON, calendar_for
from deadlines.models import Deadline
from deadlines.services import deadline_explain
from hub.audit import audit_record
from hub.models import AuditEvent
from requests_app.models import Child
from thresholds.choices import OverrideGround

from . import checks as C
from . import disagreements as D
from . import forms as F
from . import matching as M
from . import services as S
from . import workflow as W
from .models import Disagreement, PartnerCheck, Person
from .selectors import TABS, clock_for, decorate_clocks, queue, staff_request, timeline
from .states import DECISION_FROM_STATE

worker_only = permission_required("hub.work_queue", raise_exception=True)


@worker_only
def queue_view(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "new")
    filters = {key: request.GET.get(key, "") for key in ("level", "urgent", "worker", "overdue", "oversight")}
    rows, counts = queue(user=request.user, tab=tab, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    decorate_clocks(page.object_list, request.user.area)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.SEARCH,
        obj=request.user,
        detail={"queue": tab, **{k: v for k, v in filters.items() if v}},
    )
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "triage/queue.html",
        {
            "tabs": [(k, label, counts[k]) for k, label, _ in TABS],
            "tab": tab,
            "page": page,
            "filters": filters,
            "query": query,
            "page_title": "Queue",
        },
    )


def _page(request: HttpRequest, made, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    """The request page: everything sent, consent, levels, timeline, clocks and the allowed actions."""
    user = request.user
    moves = set(S.available_moves(made, user))
    kind = DECISION_FROM_STATE.get(made.status)
    given = forms or {}
    actions = {
        "claim": not made.assigned_to_id,
        "assign": user.has_perm("hub.assign_work"),
        "begin": bool(moves & {"route_to_allocated_worker", "start_triage", "contact_on_immediate_risk"}),
        # Screening is offered on a triage step; which outcome is allowed depends on the answers.
        "screen": made.status == "triage_step" and W.can_work(made, user),
        "propose": "propose_decision" in moves,
        "approve": "approve_decision" in moves,
        "return": "return_decision" in moves,
        "start_assessment": "start_assessment" in moves,
        "extend": "extend_assessment" in moves,
        "start_s47": "start_s47" in moves,
        "strategy": "record_strategy_discussion" in moves,
        "icpc": "record_icpc" in moves,
        "withdraw": "withdraw" in moves,
        "check": user.has_perm("hub.request_partner_check"),
    }
    # The same forms the actions post to, unbound; a form that came back with errors is shown instead.
    forms_on_page = {name: given.get(name) or build(None, made) for name, build in FORMS.items() if name != "explain"}
    if kind is None:
        forms_on_page["propose"] = None
    children = list(made.children.select_related("person"))
    for child in children:
        child.matches = M.matches_for(child) if child.person_id is None else []
        child.previous = (
            list(
                child.person.children.exclude(request=made)
                .select_related("request")
                .order_by("-request__received_at")[:10]
            )
            if child.person_id
            else []
        )
        child.rereferrals = M.rereferral_count(child.person, before=made.received_at) if child.person_id else 0
    calendar = calendar_for(made.area)
    clocks = []
    for deadline in made.deadlines.all().order_by("due_at"):
        missed = deadline.due_at < (deadline.met_at or timezone.now()) and deadline.state != "cancelled"
        explain = None
        if missed and W.can_work(made, user):
            explain = F.ExplainForm(
                prefix="explain", initial={"deadline": deadline.pk, "reason": deadline.breach_reason}
            )
        clocks.append(
            (
                deadline,
                clock_for(deadline.due_at, calendar) if deadline.state == "open" else None,
                working_day_count(deadline, calendar),
                explain,
            )
        )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=made)
    errors = [form for form in given.values() if form is not None and form.errors]
    return render(
        request,
        "triage/request.html",
        {
            "made": made,
            "children": children,
            "household": made.household.all(),
            "consent": made.consent,
            "withdrawals": made.consent.withdrawals.all(),
            "levels": made.framework_version.levels.all(),
            "indicators": made.indicators.select_related("level", "domain"),
            "timeline": timeline(made),
            "clocks": clocks,
            "actions": actions,
            "forms": forms_on_page,
            "error_form": errors[0] if errors else None,
            "checks": made.checks.select_related("agency"),
            "disagreements": made.disagreements.all(),
            "attachments": made.attachments.all(),
            "page_title": f"Request {made.reference}",
            "override_grounds": [
                OverrideGround(g).label for g in made.consent.override_grounds if g in OverrideGround.values
            ],
        },
        status=status,
    )


def working_day_count(deadline, calendar) -> str:
    """'Day 3 of 45' for a working-day clock; its length for a clock-hour one."""
    if "hour" in deadline.unit:
        return deadline.unit
    start = calendar.counting_start(deadline.started_at)
    total = calendar.working_days_between(start, deadline.due_at)
    end = min(deadline.met_at or timezone.now(), deadline.due_at)
    elapsed = calendar.working_days_between(start, end) if end > start else 0
    return f"Day {elapsed} of {total}"


@worker_only
def request_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, staff_request(user=request.user, reference=reference))


FORMS = {
    "screen": lambda data, made: F.ScreenForm(data, prefix="screen"),
    "propose": lambda data, made: F.ProposeForm(
        data,
        prefix="propose",
        kind=DECISION_FROM_STATE.get(made.status, "contact"),
        # A worker should not retype what screening already decided.
        initial={"level": str(made.level_decided or ""), "statutory_basis": made.statutory_basis or "none"},
    ),
    "return": lambda data, made: F.ReturnForm(data, prefix="return"),
    "extend": lambda data, made: F.ReasonForm(data, prefix="extend"),
    "start_s47": lambda data, made: F.ReasonForm(data, prefix="start_s47"),
    "strategy": lambda data, made: F.StrategyForm(data, prefix="strategy"),
    "icpc": lambda data, made: F.IcpcForm(data, prefix="icpc"),
    "withdraw": lambda data, made: F.ReasonForm(data, prefix="withdraw"),
    "note": lambda data, made: F.NoteForm(data, prefix="note"),
    "assign": lambda data, made: F.AssignForm(data, prefix="assign", area=made.area),
    "check": lambda data, made: F.CheckForm(data, prefix="check", area=made.area),
    "withdraw_consent": lambda data, made: F.WithdrawConsentForm(data, prefix="withdraw_consent"),
    "lado": lambda data, made: F.LadoForm(data, prefix="lado"),
    "explain": lambda data, made: F.ExplainForm(data, prefix="explain"),
}


def _at(day: dt.date, hhmm: str = "09:00") -> dt.datetime:
    try:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
    except ValueError:
        raise S.TransitionRefused("Enter the time like 14:30") from None


def _perform(action: str, made, user, data: dict):
    """Call the one service behind an action."""
    if action == "claim":
        return S.request_claim(request=made, by=user)
    if action == "begin":
        return S.triage_begin(request=made, by=user)
    if action == "approve":
        return S.decision_approve(request=made, by=user)
    if action == "start_assessment":
        return S.assessment_start(request=made, by=user)
    if action == "screen":
        return S.triage_screen(
            request=made,
            by=user,
            action=data["action"],
            level=int(data["level"]),
            statutory_basis=data["statutory_basis"],
            reasons=data["reasons"],
            outcome=data["outcome"],
        )
    if action == "propose":
        details = {k: data.get(k) for k in ("primary_need", "assessment_factors", "closure_reason") if data.get(k)}
        if "child_seen" in data:
            details["child_seen"] = data["child_seen"] == "yes"
        if data.get("icpc_date"):
            details["icpc_date"] = data["icpc_date"].isoformat()
        return S.decision_propose(
            request=made,
            by=user,
            outcome=data["outcome"],
            reasons=data["reasons"],
            level=int(data["level"]) if data.get("level") else None,
            statutory_basis=data.get("statutory_basis", ""),
            details=details,
        )
    if action == "return":
        return S.decision_return(request=made, by=user, what_needs_to_change=data["what_needs_to_change"])
    if action == "extend":
        return S.assessment_extend(request=made, by=user, reason=data["reason"])
    if action == "start_s47":
        return S.s47_start(request=made, by=user, reasons=data["reason"])
    if action == "strategy":
        return S.strategy_discussion_record(
            request=made,
            by=user,
            held_at=_at(data["held_on"], data["held_time"]),
            attendees=data["attendees"],
            reasons=data["reasons"],
        )
    if action == "icpc":
        return S.icpc_record(
            request=made,
            by=user,
            held_at=_at(data["held_on"]),
            outcome=data["outcome"],
            reasons=data.get("reasons", ""),
        )
    if action == "withdraw":
        return S.request_withdraw(request=made, by=user, reason=data["reason"])
    if action == "note":
        return S.note_add(request=made, by=user, text=data["text"], kind=data["kind"])
    if action == "assign":
        return S.request_assign(request=made, to=data["worker"], by=user)
    if action == "check":
        return C.check_request(
            request=made,
            agency=data["agency"],
            question=data["question"],
            rag=data["rag"],
            by=user,
            high_risk_reason=data.get("high_risk_reason", ""),
        )
    if action == "withdraw_consent":
        if not S.W.can_work(made, user):
            raise PermissionDenied("You can only record this for requests in your own area.")
        return consent_withdraw(
            consent=made.consent,
            withdrawn_by=data["withdrawn_by"],
            withdrawn_on=data["withdrawn_on"],
            reason=data.get("reason", ""),
            by=user,
        )
    if action == "lado":
        return S.lado_told(request=made, by=user, note=data["note"])
    if action == "explain":
        deadline = get_object_or_404(Deadline, pk=data["deadline"], request=made)
        if not S.W.can_work(made, user):
            raise PermissionDenied("You can only record this for requests in your own area.")
        try:
            return deadline_explain(deadline=deadline, reason=data["reason"], by=user)
        except ValueError as problem:
            raise S.TransitionRefused(str(problem)) from None
    if action == "oversee":
        if not (user.has_perm("hub.approve_decision") and user.area_id == made.area_id):
            raise PermissionDenied("Only a manager reviews a decision to share without consent.")
        type(made.consent).objects.filter(pk=made.consent.pk).update(
            needs_manager_oversight=False, oversight_by=user, oversight_at=timezone.now()
        )
        audit_record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            obj=made.consent,
            reference=made.reference,
            detail={"override": "reviewed"},
        )
        return S.note_add(request=made, by=user, text="Manager reviewed the decision to share without consent.")
    raise Http404("No such action")


DONE = {
    "claim": "You claimed this request.",
    "begin": "Triage started.",
    "screen": "Screening decision recorded.",
    "propose": "Decision sent for approval.",
    "approve": "Decision approved.",
    "return": "Decision returned for changes.",
    "start_assessment": "Single assessment started.",
    "extend": "Assessment marked complex.",
    "start_s47": "Section 47 enquiry started: hold the strategy discussion.",
    "strategy": "Strategy discussion recorded.",
    "icpc": "Conference recorded.",
    "withdraw": "Request withdrawn.",
    "note": "Note added.",
    "assign": "Assigned.",
    "check": "Partner agency asked.",
    "withdraw_consent": "Withdrawal of consent recorded. Sharing stops.",
    "oversee": "Decision to share without consent reviewed.",
    "lado": "LADO notification recorded.",
    "explain": "Reason recorded.",
}


@worker_only
@require_POST
def request_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    made = staff_request(user=request.user, reference=reference)
    form = FORMS[action](request.POST, made) if action in FORMS else None
    if form is not None and not form.is_valid():
        return _page(request, made, forms={action: form}, status=400)
    try:
        _perform(action, made, request.user, form.cleaned_data if form is not None else {})
    except (S.TransitionRefused, S.ClaimConflict) as refused:
        if form is not None:
            form.add_error(None, str(refused))
            return _page(request, made, forms={action: form}, status=409)
        messages.error(request, str(refused))
    except ConcurrentTransition:
        # Someone else moved it first: show the page as it is now, with what they typed kept.
        fresh = staff_request(user=request.user, reference=reference)
        if form is not None:
            form.add_error(
                None,
                "Someone else moved this request while you were working on it. It is shown as it "
                "is now; your answers are kept below.",
            )
            return _page(request, fresh, forms={action: form}, status=409)
        messages.error(request, "Someone else moved this request first. It is shown as it is now.")
    else:
        messages.success(request, DONE.get(action, "Saved."))
    return redirect("triage:request", reference)


@worker_only
@require_POST
def match_action(
    request: HttpRequest, reference: str, child_id: int, action: str, person_id: int | None = None
) -> HttpResponse:
    made = staff_request(user=request.user, reference=reference)
    child = get_object_or_404(Child, pk=child_id, request=made)
    if action == "new":
        M.person_create(child=child, by=request.user)
        messages.success(request, f"{child.first_name} recorded as a child new to the service.")
    else:
        person = get_object_or_404(Person, pk=person_id, area=made.area)
        if action == "link":
            M.match_link(child=child, person=person, by=request.user)
            messages.success(request, f"{child.first_name} linked to the existing record.")
        else:
            M.match_reject(child=child, person=person, by=request.user)
            messages.success(request, "Match rejected.")
    return redirect("triage:request", reference)


# Partner checks -----------------------------------------------------------------------


@permission_required("hub.answer_partner_check", raise_exception=True)
def checks_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "triage/checks.html", {"checks": C.checks_for_officer(request.user), "page_title": "Partner checks"}
    )


@permission_required("hub.answer_partner_check", raise_exception=True)
def check_answer(request: HttpRequest, check_id: int) -> HttpResponse:
    check = get_object_or_404(PartnerCheck.objects.select_related("request__area", "agency"), pk=check_id)
    if check.agency_id != request.user.agency_id:
        raise PermissionDenied("This check is addressed to another agency.")
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=check, reference=check.request.reference)
    form = F.AnswerCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            C.check_answer(
                check=check,
                by=request.user,
                share=form.cleaned_data["share"] == "yes",
                response=form.cleaned_data["response"],
                reasons=form.cleaned_data["reasons"],
                lawful_basis=form.cleaned_data["lawful_basis"],
            )
        except S.TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your answer has been sent to the MASH and recorded.")
            return redirect("triage:checks")
    children = check.request.children.all()
    return render(
        request,
        "triage/check_answer.html",
        {"check": check, "form": form, "children": children, "page_title": "Answer a partner check"},
    )


# Disagreements ---------------------------------------------------------------------------


def disagree(request: HttpRequest, reference: str) -> HttpResponse:
    from requests_app.models import RequestForSupport

    made = get_object_or_404(RequestForSupport, reference=reference)
    form = F.DisagreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            D.disagreement_raise(request=made, by=request.user, evidence=form.cleaned_data["evidence"])
        except S.TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your disagreement has been escalated to the team manager. The case continues.")
            return (
                redirect("requests:detail", reference)
                if request.user.pk == made.referrer_id
                else redirect("triage:checks")
            )
    elif request.user.pk != made.referrer_id and not made.checks.filter(agency_id=request.user.agency_id).exists():
        raise PermissionDenied("Only the referrer or a consulted partner can register a disagreement.")
    return render(
        request, "triage/disagree.html", {"made": made, "form": form, "page_title": "Disagree with a decision"}
    )


@permission_required("hub.manage_escalations", raise_exception=True)
def disagreement_resolve(request: HttpRequest, disagreement_id: int) -> HttpResponse:
    disagreement = get_object_or_404(Disagreement.objects.select_related("request", "raised_by"), pk=disagreement_id)
    if disagreement.request.area_id != request.user.area_id:
        raise PermissionDenied("This disagreement is about a request in another area.")
    form = F.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        D.disagreement_resolve(
            disagreement=disagreement,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            actions_changed=form.cleaned_data["actions_changed"] == "yes",
        )
        messages.success(request, "Outcome recorded and sent to the person who disagreed.")
        return redirect("triage:request", disagreement.request.reference)
    return render(
        request,
        "triage/resolve.html",
        {"disagreement": disagreement, "form": form, "page_title": "Resolve a disagreement"},
    )
