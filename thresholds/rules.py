"""Countable and graded rules on indicators (docs/domain.md §3.4).

A rule is data stored on an Indicator:

    {"fact": "missing_episodes_90_days", "gte": 3}
    {"all": [cond, ...]}   {"any": [cond, ...]}

Facts are what a referrer or worker can state about a child ("4 missing
episodes in the last 90 days", "domestic abuse risk: high"). The window for
missing episodes is the 90 days before the request, rolling (product decision,
docs/decisions/0002).
"""

from dataclasses import dataclass
from typing import Any

OPS = {
    "eq": lambda a, b: a == b,
    "in": lambda a, b: a in b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}
OP_WORDS = {"eq": "is", "in": "is one of", "gte": "at least", "gt": "more than", "lte": "at most", "lt": "under"}


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    kind: str  # "int", "number", "bool" or "choice"
    choices: tuple[str, ...] = ()
    unit: str = ""  # written after the answer ("82%"); the label names it in brackets for the question

    def in_words(self, value: Any) -> tuple[str, str]:
        """The fact as a person reads it: ("School attendance", "82%"), ("Any long missing episode", "Yes")."""
        label = self.label.removesuffix(f" ({self.unit})") if self.unit else self.label
        if self.kind == "bool":
            return label, "Yes" if value else "No"
        if self.kind == "choice":
            return label, str(value).capitalize()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return label, f"{value}{self.unit}"


FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in [
        Fact("missing_episodes_90_days", "Missing from home episodes in the last 90 days", "int"),
        Fact("long_missing_episode", "Any long missing episode", "bool"),
        Fact("domestic_abuse_risk", "Domestic abuse risk grading", "choice", ("low", "medium", "high")),
        Fact("neglect_grade", "Neglect grade (Graded Care Profile 2)", "choice", ("mild", "moderate", "severe")),
        Fact("neglect_intervention_ineffective", "Intervention for neglect has not worked", "bool"),
        Fact("cse_risk", "Child sexual exploitation screening risk", "choice", ("medium", "high")),
        Fact("brook_rating", "Brook sexual behaviours traffic light", "choice", ("green", "orange", "red")),
        Fact("age_years", "Child's age in whole years", "int"),
        Fact("sexually_active", "Child is sexually active", "bool"),
        Fact("non_mobile", "Child is not yet mobile", "bool"),
        Fact("suspected_non_accidental_head_trauma", "Suspected non-accidental head trauma", "bool"),
        Fact("unexplained_injury_or_bruising", "Unexplained or suspected injury or bruising", "bool"),
        Fact("attendance_percent", "School attendance (%)", "number", unit="%"),
    ]
}


class RuleError(ValueError):
    pass


def rule_validate(rule: Any) -> None:
    """Raise RuleError unless `rule` follows the grammar and names known facts."""
    if not isinstance(rule, dict):
        raise RuleError(f"a rule must be a mapping, not {rule!r}")
    if "all" in rule or "any" in rule:
        (key,) = rule.keys() if len(rule) == 1 else (None,)
        if key not in ("all", "any") or not isinstance(rule[key], list) or not rule[key]:
            raise RuleError(f"'all'/'any' take a non-empty list and nothing else: {rule!r}")
        for part in rule[key]:
            rule_validate(part)
        return
    fact = rule.get("fact")
    if fact not in FACTS:
        raise RuleError(f"unknown fact {fact!r}")
    ops = [key for key in rule if key != "fact"]
    if not ops or any(op not in OPS for op in ops):
        raise RuleError(f"a condition needs one or more of {sorted(OPS)}: {rule!r}")


def rule_matches(rule: dict, facts: dict[str, Any]) -> bool:
    """Whether the stated facts satisfy the rule. An unstated fact never matches."""
    if "all" in rule:
        return all(rule_matches(part, facts) for part in rule["all"])
    if "any" in rule:
        return any(rule_matches(part, facts) for part in rule["any"])
    value = facts.get(rule["fact"])
    if value is None:
        return False
    return all(OPS[op](value, expected) for op, expected in rule.items() if op != "fact")


def rule_describe(rule: dict) -> str:
    """A plain-English reading of a rule, for the reasons beside a suggestion."""
    if "all" in rule:
        return " and ".join(rule_describe(part) for part in rule["all"])
    if "any" in rule:
        return " or ".join(rule_describe(part) for part in rule["any"])
    label = FACTS[rule["fact"]].label
    parts = []
    for op, expected in rule.items():
        if op == "fact":
            continue
        if expected is True:
            parts.append(label.lower() if not parts else "yes")
            continue
        if expected is False:
            parts.append(f"not: {label.lower()}")
            continue
        shown = ", ".join(map(str, expected)) if isinstance(expected, list) else str(expected)
        parts.append(f"{label.lower()} {OP_WORDS[op]} {shown}" if not parts else f"{OP_WORDS[op]} {shown}")
    return ", ".join(parts)


def rule_explain(rule: dict, facts: dict[str, Any]) -> str:
    """Describe the part of a matching rule that the facts satisfied: for "any",
    only the branches that matched, so the reason says why, not what could have."""
    if "any" in rule:
        return " or ".join(rule_explain(part, facts) for part in rule["any"] if rule_matches(part, facts))
    if "all" in rule:
        return " and ".join(rule_explain(part, facts) for part in rule["all"])
    return rule_describe(rule)


def facts_clean(raw: dict[str, Any]) -> dict[str, Any]:
    """Check and convert stated facts; raise RuleError naming the first bad one."""
    clean: dict[str, Any] = {}
    for name, value in raw.items():
        if value in (None, ""):
            continue
        fact = FACTS.get(name)
        if fact is None:
            raise RuleError(f"unknown fact {name!r}")
        try:
            if fact.kind == "int":
                value = int(value)
                if value < 0:
                    raise ValueError
            elif fact.kind == "number":
                value = float(value)
            elif fact.kind == "bool":
                if isinstance(value, str):
                    if value.lower() not in {"true", "false", "yes", "no", "1", "0"}:
                        raise ValueError
                    value = value.lower() in {"true", "yes", "1"}
                value = bool(value)
            elif value not in fact.choices:
                raise ValueError
        except (TypeError, ValueError):
            raise RuleError(f"{fact.label}: {value!r} is not a valid answer") from None
        clean[name] = value
    return clean


def facts_in_words(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """Each stated fact as (what, answer) in words, in the order the referrer is asked them. A fact
    this version no longer knows is still shown, under its stored name, so nothing sent is hidden."""
    known = [FACTS[name].in_words(facts[name]) for name in FACTS if facts.get(name) is not None]
    unknown = [(name.replace("_", " ").capitalize(), str(value)) for name, value in facts.items() if name not in FACTS]
    return known + unknown
