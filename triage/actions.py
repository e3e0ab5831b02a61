"""The request page's actions, in one table: what each is called, the form it
takes, the service it calls, what the worker is told, and when the page offers
it. The page's buttons and links, each action's own page, and the one view that
performs an action are all driven by this table: adding an action is adding a row.

An action with a form has a page of its own (GOV.UK: one thing per page), reached
from the request page; a one-click action is a button on the request page."""

from collections.abc import Callable
from dataclasses import dataclass

from children.episodes import episodes_in_play
from consent.choices import ParentalConsent
from deadlines.models import Deadline
from requests_app.services import question_ask
from thresholds.choices import StatutoryBasis
from workflow.machine import can_work
from workflow.states import DECISION_FROM_STATE, OPEN_STATES, DecisionKind, State

from . import forms, services
from .decision_forms import ApproveForm, IcpcForm, ProposeForm, ReturnForm
from .models import PartnerCheck


@dataclass(frozen=True)
class Page:
    """What the page knows when it decides which actions to offer."""

    support_request: object
    user: object
    moves: frozenset[str]
    deadlines: tuple | None = None  # the request's clocks, when the page has read them already


@dataclass(frozen=True)
class Action:
    title: str
    service: Callable
    done: str
    form: type[forms.ActionForm] | None = None
    offered: Callable[[Page], bool] = lambda page: False
    listed: bool = True  # False: posted from elsewhere on the page (the consent section)
    main: bool = False  # a step of the request's own path: shown as a button, not a link

    def build_form(self, name: str, data, support_request, **kwargs):
        """The form for this action, bound to `data` (None: unbound, for the page).
        Its prefix is the action's name, so several forms share one page."""
        if self.form is None:
            return None
        return self.form(data, prefix=name, **_form_kwargs(self.form, support_request), **kwargs)


def framework_levels(support_request) -> list[tuple[str, str]]:
    """The levels a worker can record: those of the framework the request was judged against."""
    numbers = support_request.framework_version.levels.order_by("number").values_list("number", flat=True)
    return [(str(number), f"Level {number}") for number in numbers]


def _form_kwargs(form_class, support_request) -> dict:
    if form_class is forms.ScreenForm:
        return {"children": _children_in_play(support_request), "levels": framework_levels(support_request)}
    if form_class is IcpcForm:
        return {"children": _children_in_play(support_request), "area": support_request.area}
    if form_class is ProposeForm:
        return {
            "children": _children_in_play(support_request),
            "area": support_request.area,
            "levels": framework_levels(support_request),
            "kind": DECISION_FROM_STATE.get(support_request.status, DecisionKind.CONTACT),
            # A worker should not retype what screening already decided.
            "initial": {
                "level": str(support_request.level_decided or ""),
                "statutory_basis": support_request.statutory_basis or StatutoryBasis.NONE,
            },
        }
    if form_class is ApproveForm:
        return {"checks_waiting": support_request.checks.filter(status=PartnerCheck.Status.WAITING).exists()}
    if form_class in (forms.AssignForm, forms.CheckForm):
        return {"area": support_request.area}
    if form_class is forms.ReferralSourceForm:
        return {"initial": {"referral_source": support_request.cin_referral_source}}
    return {}


def _children_in_play(support_request) -> list:
    return [episode.child for episode in episodes_in_play(support_request).order_by("child__position")]


def _move(name: str) -> Callable[[Page], bool]:
    return lambda page: name in page.moves


def _lado_open(page: Page) -> bool:
    lado = Deadline.Kind.LADO_NOTIFICATION
    clocks = page.support_request.deadlines.filter(kind=lado) if page.deadlines is None else page.deadlines
    return any(clock.kind == lado and clock.state == Deadline.State.OPEN for clock in clocks)


def _consent_standing(page: Page) -> bool:
    consent = page.support_request.consent
    return consent.parental_consent == ParentalConsent.GIVEN and not consent.withdrawn


# In the order the page shows them: one-click buttons first, then the forms.
ACTIONS: dict[str, Action] = {
    "claim": Action(
        "Claim",
        services.request_claim,
        "You claimed this request.",
        offered=lambda page: not page.support_request.assigned_to_id,
    ),
    "begin": Action(
        "Start triage",
        services.triage_begin,
        "Triage started.",
        offered=lambda page: bool(
            page.moves & {"route_to_allocated_worker", "start_triage", "contact_on_immediate_risk"}
        ),
    ),
    "approve": Action(
        "Approve the decision",
        services.decision_approve,
        "Decision approved.",
        form=ApproveForm,
        offered=_move("approve_decision"),
        main=True,
    ),
    "start_assessment": Action(
        "Start the single assessment",
        services.assessment_start,
        "Single assessment started.",
        offered=_move("start_assessment"),
    ),
    "return": Action(
        "Return for changes",
        services.decision_return,
        "Decision returned for changes.",
        form=ReturnForm,
        offered=_move("return_decision"),
    ),
    "screen": Action(
        "Screen against the levels of need",
        services.triage_screen,
        "Screening decision recorded.",
        form=forms.ScreenForm,
        # Offered on any triage step; which outcome is allowed depends on the answers.
        offered=lambda page: (
            page.support_request.status == State.TRIAGE_STEP and can_work(page.support_request, page.user)
        ),
        main=True,
    ),
    "propose": Action(
        "Propose a decision",
        services.decision_propose,
        "Decision sent for approval.",
        form=ProposeForm,
        offered=_move("propose_decision"),
        main=True,
    ),
    "extend": Action(
        "Extend the assessment as complex",
        services.assessment_extend,
        "Assessment marked complex.",
        form=forms.ReasonForm,
        offered=_move("extend_assessment"),
    ),
    "convene": Action(
        "Convene a strategy discussion now",
        services.strategy_discussion_convene,
        "Strategy discussion convened: record it when it has been held.",
        form=forms.S47Form,
        offered=_move("convene_strategy_discussion"),
    ),
    "start_s47": Action(
        "Start a section 47 enquiry",
        services.s47_start,
        "Section 47 enquiry started: hold the strategy discussion.",
        form=forms.S47Form,
        offered=_move("start_s47"),
    ),
    "strategy": Action(
        "Record the strategy discussion",
        services.strategy_discussion_record,
        "Strategy discussion recorded.",
        form=forms.StrategyForm,
        offered=_move("record_strategy_discussion"),
        main=True,
    ),
    "icpc": Action(
        "Record the child protection conference",
        services.icpc_record,
        "Conference recorded.",
        form=IcpcForm,
        offered=_move("record_icpc"),
        main=True,
    ),
    "check": Action(
        "Ask a partner agency",
        services.check_request,
        "Partner agency asked.",
        form=forms.CheckForm,
        offered=lambda page: page.user.has_perm("hub.request_partner_check"),
    ),
    "assign": Action(
        "Assign or reassign",
        services.request_assign,
        "Assigned.",
        form=forms.AssignForm,
        offered=lambda page: page.user.has_perm("hub.assign_work"),
    ),
    "referral_source": Action(
        "Correct the referral source",
        services.referral_source_correct,
        "Referral source corrected.",
        form=forms.ReferralSourceForm,
        offered=lambda page: can_work(page.support_request, page.user),
    ),
    "ask": Action(
        "Ask the referrer for more information",
        question_ask,
        "Question sent to the referrer.",
        form=forms.AskForm,
        offered=lambda page: page.support_request.status in OPEN_STATES and can_work(page.support_request, page.user),
    ),
    "note": Action("Add a note", services.note_add, "Note added.", form=forms.NoteForm, offered=lambda page: True),
    "lado": Action(
        "Record that the LADO was told",
        services.lado_told,
        "LADO notification recorded.",
        form=forms.LadoForm,
        offered=_lado_open,
    ),
    "withdraw_consent": Action(
        "Record that consent was withdrawn",
        services.request_consent_withdraw,
        "Withdrawal of consent recorded. Sharing stops.",
        form=forms.WithdrawConsentForm,
        offered=_consent_standing,
    ),
    "withdraw": Action(
        "Withdraw the request",
        services.request_withdraw,
        "Request withdrawn.",
        form=forms.ReasonForm,
        offered=_move("withdraw"),
    ),
    # Posted from the consent section and from each missed clock, not from the list of actions.
    "oversee": Action(
        "Review the decision to share without consent",
        services.consent_override_review,
        "Your decision on sharing without consent is recorded.",
        form=forms.OversightForm,
        listed=False,
    ),
    "explain": Action(
        "Record why a deadline was missed",
        services.request_deadline_explain,
        "Reason recorded.",
        form=forms.ExplainForm,
        listed=False,
    ),
}


def action_offered(page: Page, name: str) -> bool:
    """Whether this person may take this listed action on the request as it is now."""
    action = ACTIONS[name]
    if not action.listed or not action.offered(page):
        return False
    # A proposal needs a decision to propose: none while one awaits approval.
    return name != "propose" or page.support_request.status in DECISION_FROM_STATE


def actions_offered(page: Page) -> list[dict]:
    """The listed actions this page offers: a button for a one-click action, a link to its
    own page for an action with a form."""
    return [
        {"name": name, "title": action.title, "has_form": action.form is not None, "main": action.main}
        for name, action in ACTIONS.items()
        if action_offered(page, name)
    ]
