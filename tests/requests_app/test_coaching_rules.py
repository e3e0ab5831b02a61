"""The coaching's rules, one behaviour at a time, and the data they read: every pattern
compiles, every listed phrase has a plainer alternative and advice, every framework has advice."""

import re
import tomllib
from pathlib import Path

import pytest

from requests_app.coaching import Answers, coaching_review
from requests_app.coaching.checks import RULES, wording_replace
from thresholds.advice import level_advice
from thresholds.loader import FRAMEWORK_FILES, _read

GOOD = {
    "worries": "Ava came to school hungry on 12 of the last 20 days.",
    "impact": "She falls asleep in class about twice a week.",
    "work_done": "Breakfast club since September.",
    "work_done_effect": "She eats there most days and is more alert.",
    "strengths": "Mum walks Ava to school every day and Ava has a close friend.",
    "child_words": 'Ava said "there is no food at the weekend."',
}


def checks(**worries) -> set[str]:
    return {finding.check for finding in coaching_review(Answers(worries={**GOOD, **worries}))}


def test_a_good_request_has_nothing_to_coach() -> None:
    assert checks() == set()


def test_a_listed_phrase_inside_someone_s_quoted_words_is_theirs_and_not_flagged() -> None:
    assert "judgemental" not in checks(child_words="Ava said “home is chaotic” and laughed.")
    assert "judgemental" in checks(worries="Home is chaotic. Ava was late on 12 days.")


def test_curly_quotes_and_words_with_apostrophes_count_as_own_words() -> None:
    assert "own_words" not in checks(child_words="Ava said ‘I don’t want to go home’.")
    assert "own_words" in checks(child_words="Ava said she doesn't want to go home.")


def test_a_listed_exception_is_not_flagged() -> None:
    assert "judgemental" not in checks(worries="Mum is an estate agent and leaves at 7am; Ava is alone for an hour.")


def test_accepting_keeps_a_capital_and_leaves_quoted_words_alone() -> None:
    text, term = wording_replace('Chaotic mornings. Ava said "it is chaotic".', "chaotic")
    assert text == 'Unsettled mornings. Ava said "it is chaotic".' and term["alternative"] == "unsettled"
    assert wording_replace('Ava said "it is chaotic".', "chaotic") is None


def test_history_is_not_flagged_for_a_child_known_only_to_another_area() -> None:
    history = (
        "Ava was on a child protection plan in 2019 in Cumbria. The social worker there closed the case in 2021 "
        "after the family had been known to children's social care from 2017."
    )
    answers = {"worries": {**GOOD, "history_since_csc": history}}
    assert "history" in {f.check for f in coaching_review(Answers(**answers, open_to_csc=["here"]))}
    assert "history" not in {f.check for f in coaching_review(Answers(**answers, open_to_csc=["elsewhere"]))}


@pytest.mark.parametrize("consent", [{"parental_consent": "refused"}, {"parental_consent": "not_sought"}])
def test_consent_detail_is_asked_for_only_where_consent_was_given(consent) -> None:
    assert not coaching_review(Answers(worries=GOOD, consent=consent))
    thin = Answers(worries=GOOD, consent={"parental_consent": "given", "method": "phone", "told_what_shared": "yes"})
    assert [f.field for f in coaching_review(thin)] == ["told_what_shared"]


def test_the_level_advice_is_the_area_s_framework_s_in_both_directions() -> None:
    above = level_advice(framework="blackpool", asked=4, ticked=2, names={4: "Statutory", 2: "Early Help"})
    assert above.direction == "above" and "Keeping Children Safe in Blackpool" in above.text
    assert "level 4 (Statutory)" in above.text
    below = level_advice(framework="luton", asked=2, ticked=3)
    assert below.direction == "below" and "Luton" in below.text
    assert level_advice(framework="pan-lancashire", asked=3, ticked=2) is None  # one level up can be right


def test_every_shipped_framework_has_level_advice() -> None:
    keys = {
        _read(f"{name}.yaml", Path(__file__).resolve().parents[2] / "thresholds" / "data")["key"]
        for name in FRAMEWORK_FILES
    }
    for key in keys:
        assert level_advice(framework=key, asked=4, ticked=1) is not None, key


def test_every_rule_compiles_and_every_listed_phrase_has_an_alternative_and_advice() -> None:
    data = tomllib.loads((Path(__file__).resolve().parents[2] / "requests_app" / "coaching" / "rules.toml").read_text())
    assert data == RULES
    for section in data.values():
        for key, value in section.items():
            if isinstance(value, list) and value and isinstance(value[0], str) and key not in ("generic", "fields"):
                for pattern in value:
                    re.compile(pattern)
    for term in data["judgemental"]["terms"]:
        assert term["phrase"] and term["alternative"] and term["advice"], term
        assert term["alternative"].lower() != term["phrase"].lower()
