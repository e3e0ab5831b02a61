"""What the coaching reads from a request: its free-text answers, consent, the children's
involvement with social care, and the level asked against the indicators ticked.

A draft and an API body reach the coaching the same way: as the form's sections (the API turns
its JSON into them with `api.convert.sections_from_payload`), read here into plain `Answers`."""

from dataclasses import dataclass, field

from thresholds.shapes import version_shape

from ..sections import area_of

# The worries page's free-text answers, in the order the page asks them.
TEXT_FIELDS = (
    "worries",
    "impact",
    "work_done",
    "work_done_effect",
    "history_since_csc",
    "strengths",
    "child_words",
    "parent_words",
)
CONSENT_FIELDS = ("parental_consent", "method", "told_what_shared")


@dataclass(frozen=True)
class Answers:
    worries: dict[str, str] = field(default_factory=dict)
    consent: dict[str, str] = field(default_factory=dict)
    open_to_csc: list[str] = field(default_factory=list)  # each child's answer (requests_app.choices.OpenToCsc)
    level: int | None = None
    indicator_levels: list[int] = field(default_factory=list)  # the level of each ticked indicator
    framework: str | None = None  # the area's framework key, for its advice
    level_names: dict[int, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return self.worries.get(name) or ""


# The form's longest answer (lib.govuk_fields.long_text). A draft keeps whatever was typed, valid or
# not, and the API's body is not held to the form's limits before review: coaching reads no further.
ANSWER_LIMIT = 10_000


def _first(section, name: str) -> str:
    value = (section if isinstance(section, dict) else {}).get(name) or [""]
    return (str(value[0]) if isinstance(value, list) and value else str(value or ""))[:ANSWER_LIMIT]


def answers_from_sections(data: dict) -> Answers:
    """Read a draft's sections (or an API body turned into them). Nothing here refuses bad input:
    a half-written draft is coached on what it has."""
    worries, consent, level = data.get("worries"), data.get("consent"), _first(data.get("level"), "level")
    children = [child for child in data.get("children") or [] if isinstance(child, dict)]
    answers = {
        "worries": {name: _first(worries, name) for name in TEXT_FIELDS},
        "consent": {name: _first(consent, name) for name in CONSENT_FIELDS},
        "open_to_csc": [_first(child, "open_to_csc") for child in children],
        "level": int(level) if level.isdigit() else None,
    }
    area = area_of(data)
    version = area.framework.current_version() if area else None
    if version is None:
        return Answers(**answers)
    ticked = (data.get("indicators") or {}).get("indicators") or []
    ids = {int(pk) for pk in ticked if str(pk).isdigit()}
    # The version the form itself reads, kept in the process: no second read of the framework.
    shape = version_shape(version)
    return Answers(
        **answers,
        indicator_levels=[indicator.level.number for indicator in shape.indicators if indicator.pk in ids],
        framework=area.framework.key,
        level_names={level.number: level.name for level in shape.levels},
    )
