"""The labelled set of synthetic requests (tests/data/requests/*.jsonl) and each coaching
check's precision and recall over it. Read by the test that pins the figures and by `make bench`,
which prints the table.

Each line is one request: its free-text answers, consent, each child's involvement with social
care, the level asked and the levels of the ticked indicators, and `expected`, the checks a
reader of 004 would raise on it. The texts were written from 004's guidance, with made-up names."""

import json
from dataclasses import dataclass
from pathlib import Path

from requests_app.coaching import Answers, Check, coaching_review

LABELLED = Path(__file__).resolve().parent / "data" / "requests"
# labelled.jsonl: the 120 requests the rules were written and revised against. held_out.jsonl: 28 more,
# written afterwards and first measured without a change to the rules (README has both figures).
FILES = ("labelled.jsonl", "held_out.jsonl")


def labelled_set(files: tuple[str, ...] = FILES) -> list[dict]:
    return [
        json.loads(line)
        for name in files
        for line in (LABELLED / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def answers_of(record: dict) -> Answers:
    fields = ("worries", "consent", "open_to_csc", "level", "indicator_levels", "framework")
    return Answers(**{name: record[name] for name in fields})


@dataclass(frozen=True)
class Score:
    check: str
    positives: int  # requests labelled with this check
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        raised = self.true_positives + self.false_positives
        return self.true_positives / raised if raised else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def scores(records: list[dict] | None = None) -> tuple[list[Score], dict[str, list[str]]]:
    """Each check's score over the set, and the ids each check got wrong (for a failing test's message)."""
    records = labelled_set() if records is None else records
    raised = {record["id"]: {finding.check for finding in coaching_review(answers_of(record))} for record in records}
    result, wrong = [], {}
    for check in Check:
        expected = {record["id"] for record in records if check in record["expected"]}
        got = {rid for rid, checks in raised.items() if check in checks}
        result.append(Score(check.value, len(expected), len(expected & got), len(got - expected), len(expected - got)))
        wrong[check.value] = sorted((got - expected) | (expected - got))
    return result, wrong


def scores_table(table: list[Score]) -> str:
    lines = [
        "| check | labelled | found | false alarms | missed | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in table:
        label = Check(s.check).label
        row = f"| {label} | {s.positives} | {s.true_positives} | {s.false_positives} | {s.false_negatives} |"
        lines.append(f"{row} {s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)
