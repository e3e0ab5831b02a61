"""The coaching's checks: each reads plain `Answers` and returns findings, each naming the
section and field, quoting the words concerned and saying why they matter in 004's terms.
The words each check looks for are data (rules.toml); the checks are the logic around them."""

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import models

from consent.choices import ParentalConsent
from thresholds.advice import level_advice

from ..choices import OpenToCsc
from . import text as t
from .answers import TEXT_FIELDS, Answers

RULES = tomllib.loads((Path(__file__).resolve().parent / "rules.toml").read_text(encoding="utf-8"))
QUOTE_LIMIT = 200  # characters of an answer quoted back in a finding


class Check(models.TextChoices):
    STRENGTHS = "strengths", "Strengths missing or generic"
    OWN_WORDS = "own_words", "No child's or parent's own words"
    OPINION = "opinion", "Opinion without fact"
    JUDGEMENTAL = "judgemental", "Judgemental or stereotyping wording"
    WORK_EFFECT = "work_effect", "Work done without its effect"
    LEVEL = "level", "Level asked against indicators ticked"
    HISTORY = "history", "History the hub already holds"
    CONSENT = "consent_detail", "Consent detail thin"


@dataclass(frozen=True)
class Finding:
    check: str
    section: str  # the form's section key: worries, level, consent
    field: str  # the question's field name in that section
    quote: str  # the words concerned, as written ("" for an empty answer)
    why: str
    alternative: str = ""  # a plainer phrase the referrer may accept, for judgemental wording
    advice: str = ""
    phrase: str = ""  # the judgemental phrase as written, which accepting replaces

    @property
    def title(self) -> str:
        return Check(self.check).label


def _patterns(values: list[str]) -> list[re.Pattern]:
    return [re.compile(value, re.I) for value in values]


def _clip(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


STRENGTHS, OWN, OPINION = RULES["strengths"], RULES["own_words"], RULES["opinion"]
EFFECT, HISTORY, CONSENT, JUDGEMENTAL = (
    RULES["work_effect"],
    RULES["history"],
    RULES["consent_detail"],
    RULES["judgemental"],
)
P = {
    "generic_strengths": _patterns(STRENGTHS["generic_patterns"]),
    "speech": _patterns(OWN["speech_openers"]),
    "opinion": _patterns(OPINION["markers"]),
    "evidence": _patterns(OPINION["evidence"]),
    "change": _patterns(EFFECT["change"]),
    "nothing_done": _patterns(EFFECT["nothing_done"]),
    "involvement": _patterns(HISTORY["involvement"]),
    "past": _patterns(HISTORY["past"]),
    "since": _patterns(HISTORY["since"]),
}
# Longest first, so "failed to engage with" is found before "failed to engage" whatever the file's order.
TERMS = sorted(JUDGEMENTAL["terms"], key=lambda term: -len(term["phrase"]))
# Findings of one check in one answer: past this many the referrer has the point, and the page stays short.
MOST_PER_ANSWER = 5


def strengths(answers: Answers) -> list[Finding]:
    text = t.plain(answers.text("strengths"))
    said = t.normalised(text)
    generic = said in STRENGTHS["generic"] or t.search_any(P["generic_strengths"], said)
    if text and not generic and len(t.words(text)) >= STRENGTHS["min_words"]:
        return []
    return [Finding(Check.STRENGTHS, "worries", "strengths", _clip(text), STRENGTHS["why"])]


def own_words(answers: Answers) -> list[Finding]:
    for name in OWN["fields"]:
        text = t.plain(answers.text(name))
        if t.quotations(text) or t.search_any(P["speech"], text):
            return []
    quote = _clip(t.plain(answers.text("child_words")))
    return [Finding(Check.OWN_WORDS, "worries", "child_words", quote, OWN["why"])]


def opinion(answers: Answers) -> list[Finding]:
    found = []
    for name in OPINION["fields"]:
        here = []
        for sentence, around in t.neighbourhoods(t.sentences(t.plain(answers.text(name)))):
            if t.search_any(P["opinion"], sentence) and not t.search_any(P["evidence"], around):
                here.append(Finding(Check.OPINION, "worries", name, _clip(sentence), OPINION["why"]))
        found += here[:MOST_PER_ANSWER]
    return found


@dataclass(frozen=True)
class Hit:
    """A listed phrase where it stands in an answer."""

    term: dict
    start: int
    end: int
    words: str  # as written


def _within_exception(lowered: str, start: int, end: int, exceptions: list[str]) -> bool:
    return any(s <= start and end <= e for exception in exceptions for s, e in t.phrase_at(lowered, exception.lower()))


def judgemental_matches(text: str) -> list[Hit]:
    """Each listed phrase in `text`, longest first, never inside a quotation (the child's or a
    parent's own words are theirs to choose) nor inside a listed exception ("estate agent").
    Plain string search, not a regular expression per phrase: an answer is read in linear time."""
    text = t.straight(text)
    lowered, quoted, covered, found = t.lowered(text), t.quotations(text), bytearray(len(text)), []
    for term in TERMS:
        for start, end in t.phrase_at(lowered, term["phrase"].lower()):
            if t.inside(start, quoted) or any(covered[start:end]):
                continue
            if _within_exception(lowered, start, end, term.get("unless", [])):
                continue
            covered[start:end] = b"\x01" * (end - start)
            found.append(Hit(term, start, end, text[start:end]))
    return sorted(found, key=lambda hit: hit.start)


def wording_replace(text: str, phrase: str) -> tuple[str, dict] | None:
    """The answer with the first flagged `phrase` replaced by its plainer alternative (a capital
    kept at the start of a sentence), and the list's entry; None when the phrase is no longer there."""
    for hit in judgemental_matches(text):
        if hit.words.lower() == phrase.lower():
            alternative = hit.term["alternative"]
            if hit.words[:1].isupper():
                alternative = alternative[:1].upper() + alternative[1:]
            return text[: hit.start] + alternative + text[hit.end :], hit.term
    return None


def judgemental(answers: Answers) -> list[Finding]:
    found = []
    for name in TEXT_FIELDS:
        text = t.plain(answers.text(name))
        sentences, seen = t.sentences(text), set()
        for hit in judgemental_matches(text):
            # Each phrase once an answer (accepting it changes the first), at most a handful an answer.
            if hit.words.lower() in seen or len(seen) == MOST_PER_ANSWER:
                continue
            seen.add(hit.words.lower())
            sentence = next((s for s in sentences if hit.words in s), hit.words)
            found.append(
                Finding(
                    Check.JUDGEMENTAL,
                    "worries",
                    name,
                    _clip(sentence),
                    JUDGEMENTAL["why"],
                    alternative=hit.term["alternative"],
                    advice=hit.term["advice"],
                    phrase=hit.words,
                )
            )
    return found


def work_effect(answers: Answers) -> list[Finding]:
    done, effect = t.plain(answers.text("work_done")), t.plain(answers.text("work_done_effect"))
    if not done or t.search_any(P["nothing_done"], done):
        return []
    said = t.normalised(effect)
    if effect and said not in EFFECT["generic"] and t.search_any(P["change"], effect):
        return []
    return [Finding(Check.WORK_EFFECT, "worries", "work_done_effect", _clip(effect), EFFECT["why"])]


def history(answers: Answers) -> list[Finding]:
    # 004's exception: a child open to social care in another area: the hub does not hold that history.
    known_elsewhere_only = OpenToCsc.ELSEWHERE in answers.open_to_csc and OpenToCsc.HERE not in answers.open_to_csc
    if known_elsewhere_only:
        return []
    longest: tuple[int, str, list[str]] = (0, "", [])
    for name in HISTORY["fields"]:
        told = [
            s
            for s in t.sentences(t.plain(answers.text(name)))
            if t.search_any(P["involvement"], s) and t.search_any(P["past"], s) and not t.search_any(P["since"], s)
        ]
        size = sum(len(t.words(s)) for s in told)
        if size > longest[0]:
            longest = (size, name, told)
    size, name, told = longest
    if len(told) < HISTORY["min_sentences"] and size < HISTORY["min_words"]:
        return []
    return [Finding(Check.HISTORY, "worries", name, _clip(" ".join(told)), HISTORY["why"])]


def consent_detail(answers: Answers) -> list[Finding]:
    if answers.consent.get("parental_consent") != ParentalConsent.GIVEN:
        return []
    if not answers.consent.get("method"):
        return [Finding(Check.CONSENT, "consent", "method", "", CONSENT["why"])]
    told = t.plain(answers.consent.get("told_what_shared"))
    if len(t.words(told)) >= CONSENT["min_words"]:
        return []
    return [Finding(Check.CONSENT, "consent", "told_what_shared", _clip(told), CONSENT["why"])]


def level(answers: Answers) -> list[Finding]:
    if answers.level is None or not answers.indicator_levels or not answers.framework:
        return []
    ticked = max(answers.indicator_levels)
    advice = level_advice(framework=answers.framework, asked=answers.level, ticked=ticked, names=answers.level_names)
    if advice is None:
        return []
    name = answers.level_names.get(answers.level)
    quote = f"Level {answers.level}: {name}" if name else f"Level {answers.level}"
    return [Finding(Check.LEVEL, "level", "level", quote, advice.text)]


# In the order the referrer meets the questions.
CHECKS: list[Callable[[Answers], list[Finding]]] = [
    strengths,
    own_words,
    opinion,
    judgemental,
    work_effect,
    history,
    level,
    consent_detail,
]


def coaching_review(answers: Answers) -> list[Finding]:
    """Every finding for a request, in the order of the form. Advice only: nothing here blocks sending."""
    return [finding for check in CHECKS for finding in check(answers)]
