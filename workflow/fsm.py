"""The one adapter between our code and django-fsm-2.

Services and views ask here what a person may do to a request, why not, and
to run a move; nothing else reads django-fsm-2's internals (`_django_fsm`) or
calls `can_proceed`. Should the library change, this file changes alone.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django_fsm import ConcurrentTransition, can_proceed
from django_fsm import State as DynamicTarget

from .machine import CONDITION_MESSAGES, RequestWorkflow, is_proposer

__all__ = [
    "ConcurrentTransition",
    "Refusal",
    "TransitionRefused",
    "available_moves",
    "move_run",
    "refusal_for",
    "refusal_reason",
]

# The moves whose permission is four eyes: the proposer is refused in words of their own.
FOUR_EYES = ("approve_decision", "return_decision")


class TransitionRefused(Exception):
    """A move that is not allowed now, with a message that says why."""


@dataclass(frozen=True)
class Refusal:
    message: str
    denied: bool  # a matter of the person's permission (403), not of the request's state (409)


def _meta(name: str):
    method = getattr(RequestWorkflow, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise LookupError(f"{name} is not a move of the request workflow")
    return meta


def transition_label(name: str) -> str:
    """The words a person reads for a move, e.g. "Start triage"."""
    return next(iter(_meta(name).transitions.values())).custom.get("label", name)


def refusal_for(request, name: str, user) -> Refusal | None:
    """Why `user` may not make move `name` now; None if they may."""
    meta = _meta(name)
    transition = meta.get_transition(request.status)
    if transition is None:
        return Refusal(
            f"You cannot {transition_label(name).lower()} while the request is '{request.get_status_display()}'.",
            denied=False,
        )
    # The permission alone: django-fsm's own check would also test the
    # conditions, and report a missing condition as a missing role.
    if not meta.has_transition_perm(request, request.status, user):
        if name in FOUR_EYES and is_proposer(request, user):
            return Refusal("Someone other than the person who proposed a decision must approve it.", denied=True)
        return Refusal("Your role does not allow this in this area.", denied=True)
    for condition in transition.conditions or []:
        if not condition(request):
            return Refusal(CONDITION_MESSAGES.get(condition, "A condition for this move is not met."), denied=False)
    return None


def refusal_reason(request, name: str, user) -> str | None:
    """Why `user` may not make move `name` now, in words; None if they may."""
    refusal = refusal_for(request, name, user)
    return refusal.message if refusal else None


def available_moves(request, user) -> list[str]:
    """The moves this person may make now: the request page offers only these."""
    names = []
    for transition in request.get_available_status_transitions():
        if transition.has_perm(request, user) and transition.name not in names:
            names.append(transition.name)
    return names


def move_run(request, name: str, **kwargs) -> None:
    """Make move `name` on the request in memory (the caller saves it, in its transaction)."""
    method = getattr(request, name)
    if not can_proceed(method):
        raise TransitionRefused(f"You cannot {transition_label(name).lower()} now.")
    method(**kwargs)


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    label: str
    conditions: str
    permission: str


def arrows(model) -> Iterator[Arrow]:
    """Every (source, target) pair the machine declares on `model`, for the workflow diagram."""
    for transition in model._meta.get_field("status").get_all_transitions(model):
        targets = (
            list(transition.target.allowed_states)
            if isinstance(transition.target, DynamicTarget)
            else [transition.target]
        )
        conditions = ", ".join(c.__name__ for c in transition.conditions or []) or "none"
        permission = getattr(transition.permission, "__name__", str(transition.permission))
        for target in targets:
            yield Arrow(
                transition.source, target, transition.custom.get("label", transition.name), conditions, permission
            )
