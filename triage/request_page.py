"""Everything the hub's request page shows: what was sent, consent, levels, the
timeline, the clocks, possible existing records for each child, and the
actions this person may take now."""

from django.db.models import prefetch_related_objects

from children.census_checks import child_findings
from children.episodes import rereferrals
from children.matching import earlier_children, earlier_requests_counts, matches_for_children
from deadlines.calendar import calendar_for
from deadlines.clocks import clock_for, missed, working_day_count
from deadlines.models import Deadline
from hub.models import User
from requests_app.models import RequestForSupport
from requests_app.selectors import sent_copy
from workflow.fsm import available_moves
from workflow.machine import can_work

from .actions import ACTIONS, Page, action_offered, actions_offered
from .selectors import timeline


def _children(support_request: RequestForSupport) -> list:
    """The request's children, each with what the page shows beside them. However many children a
    family has, each question is one query for all of them."""
    children = list(support_request.children.select_related("person", "episode"))
    unknown = [child for child in children if child.person_id is None]
    known = [child.person_id for child in children if child.person_id is not None]
    matches = matches_for_children(unknown)
    previous = earlier_children(known, besides=support_request)
    earlier = earlier_requests_counts(known, before=support_request.received_at)
    again = rereferrals([child.episode for child in children if getattr(child, "episode", None)])
    for child in children:
        child.matches = matches.get(child.pk, [])
        child.previous = previous.get(child.person_id, [])
        child.earlier_requests = earlier.get(child.person_id, 0)
        child.episode_record = getattr(child, "episode", None)
        child.rereferral = child.episode_record is not None and child.episode_record.pk in again
        child.findings = child_findings(child)
    return children


def _clocks(support_request: RequestForSupport, user: User, deadlines: list, given=None) -> list[tuple]:
    """Each clock with its time left, its 'day X of N', and a form to explain it if it was missed
    (the one that came back with errors, for the clock it was about)."""
    calendar = calendar_for(support_request.area)
    may_explain = can_work(support_request, user)
    clocks = []
    for deadline in deadlines:
        explain = None
        if may_explain and missed(deadline):
            explain = (
                given
                if given is not None and given["deadline"].value() in (deadline.pk, str(deadline.pk))
                else ACTIONS["explain"].build_form(
                    "explain",
                    None,
                    support_request,
                    initial={"deadline": deadline.pk, "reason": deadline.breach_reason},
                )
            )
        left = clock_for(deadline.due_at, calendar) if deadline.state == Deadline.State.OPEN else None
        clocks.append((deadline, left, working_day_count(deadline, calendar), explain))
    return clocks


def _awaiting_approval(
    support_request: RequestForSupport, children: list, checks: list | None = None, questions: list | None = None
) -> dict:
    """What an approver weighs: answers still awaited, and children not yet matched to a record.
    `checks` and `questions`: the request's partner checks and questions when the page has read them."""
    checks = list(support_request.checks.select_related("agency")) if checks is None else checks
    questions = list(support_request.questions.filter(answered_at__isnull=True)) if questions is None else questions
    return {
        "waiting_checks": [c for c in checks if c.status == "waiting"],
        "unlinked_children": [child for child in children if child.person_id is None],
        "open_questions": [q for q in questions if q.answered_at is None],
    }


def _page(support_request: RequestForSupport, user: User, deadlines: list | None = None) -> Page:
    moves = frozenset(available_moves(support_request, user))
    return Page(support_request, user, moves, None if deadlines is None else tuple(deadlines))


def request_page_context(*, support_request: RequestForSupport, user: User, forms_given: dict) -> dict:
    """The request page. `forms_given`: a form posted from the page itself (the consent
    oversight, a missed clock's reason) that came back with errors."""
    errors = [form for form in forms_given.values() if form is not None and form.errors]
    children = _children(support_request)
    checks = list(support_request.checks.select_related("agency"))
    deadlines = list(support_request.deadlines.order_by("due_at"))
    questions = list(support_request.questions.select_related("asked_by"))  # the timeline's and the approver's
    # Whether consent was withdrawn (which actions are offered) and what the sent copy lists: one read.
    prefetch_related_objects([support_request.consent], "withdrawals")
    return {
        **sent_copy(support_request=support_request),
        **_awaiting_approval(support_request, children, checks, questions),
        "support_request": support_request,
        "children": children,
        "timeline": timeline(support_request, deadlines, questions),
        "clocks": _clocks(support_request, user, deadlines, forms_given.get("explain")),
        "actions": actions_offered(_page(support_request, user, deadlines)),
        "error_form": errors[0] if errors else None,
        "checks": checks,
        "oversee_form": forms_given.get("oversee") or ACTIONS["oversee"].build_form("oversee", None, support_request),
        "disagreements": support_request.disagreements.all(),
        "page_title": f"Request {support_request.reference}",
    }


def action_offered_to(*, support_request: RequestForSupport, user: User, name: str) -> bool:
    return action_offered(_page(support_request, user), name)


def action_page_context(*, support_request: RequestForSupport, user: User, name: str, form=None) -> dict:
    """An action's own page: its form, with room to write, and what the worker needs beside it.
    `form`: the form as posted, with its errors; else a new one."""
    action = ACTIONS[name]
    offered = action_offered_to(support_request=support_request, user=user, name=name)
    form = form if form is not None else action.build_form(name, None, support_request)
    if not offered:
        form.without_button()
    children = list(support_request.children.all())
    return {
        **sent_copy(support_request=support_request),
        **_awaiting_approval(support_request, children),
        "support_request": support_request,
        "children": children,
        "action": {"name": name, "title": action.title},
        "form": form,
        "offered": offered,
        "page_title": f"{action.title}: {support_request.reference}",
    }
