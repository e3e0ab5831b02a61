"""Outcome feedback to the referrer, in plain language (docs/domain.md §5.3, rule 22).
The words live in workflow.for_referrer; the hub's internal reasons are never part of it."""

from workflow.for_referrer import BELOW_THRESHOLD, BELOW_THRESHOLD_ADVICE, NEXT, OUTCOME, WORRIES_CHANGE
from workflow.states import DecisionKind

CONTACT_STAGE = {DecisionKind.CONTACT}


def feedback_allowed(request, kind: str | None) -> bool:
    """Contact outcomes always go back to the referrer; assessment and later
    outcomes only with recorded parental consent (rule 22)."""
    if kind is None or kind in CONTACT_STAGE:
        return True
    return request.consent.has_parental_consent


CHILDREN_DIFFER = "The children in your request have different outcomes."


def feedback_text(outcome: str, message: str = "", *, per_child: list | None = None, area=None) -> str:
    """What was decided, what happens next and who to contact; where siblings went different
    ways, each child's outcome. `message` is what the worker wrote for the referrer."""
    if per_child:
        parts = [CHILDREN_DIFFER, *(f"{name}: {OUTCOME.get(o, 'Finished.')}" for name, o in per_child)]
        outcomes = [o for _, o in per_child]
    else:
        parts = [OUTCOME.get(outcome, "The hub has finished with your request.")]
        outcomes = [outcome]
    parts += [f"What happens next: {NEXT[o]}" for o in dict.fromkeys(outcomes) if o in NEXT]
    if message.strip():
        parts.append(f"From the hub: {message.strip()}")
    if any(o in BELOW_THRESHOLD for o in outcomes):
        parts.append(BELOW_THRESHOLD_ADVICE)
    parts.append(WORRIES_CHANGE)
    if area is not None and area.mash_phone:
        parts.append(f"If you have a question about this decision, call the {area.name} hub on {area.mash_phone}.")
    return "\n\n".join(parts)
