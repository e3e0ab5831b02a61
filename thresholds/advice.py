"""What each framework advises when a request's level and its ticked indicators disagree.

The words are data (`data/level_advice.yaml`, one entry per framework key), so an area's advice
changes with its documents, never with a branch on its name. The coaching on a Request for
Support reads it (requests_app/coaching)."""

from dataclasses import dataclass
from functools import cache

import yaml

from .loader import DATA_DIR, SAFE_LOADER


@dataclass(frozen=True)
class LevelAdvice:
    direction: str  # "above": asked above what was ticked; "below": ticked above what was asked
    text: str


@cache
def _advice() -> dict:
    return yaml.load((DATA_DIR / "level_advice.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506


def level_advice(*, framework: str, asked: int, ticked: int, names: dict[int, str] | None = None) -> LevelAdvice | None:
    """The framework's advice when `asked` (the level asked for) and `ticked` (the highest level
    among the ticked indicators) are far enough apart; None when they agree or nothing is known."""
    entry = _advice().get(framework)
    if entry is None:
        return None
    if asked - ticked >= entry["above_by"]:
        direction = "above"
    elif ticked > asked:
        direction = "below"
    else:
        return None
    names = names or {}
    words = {"asked": asked, "ticked": ticked}
    words |= {"asked_name": names.get(asked, f"level {asked}"), "ticked_name": names.get(ticked, f"level {ticked}")}
    return LevelAdvice(direction=direction, text=entry[direction].format(**words))
