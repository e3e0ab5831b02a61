"""The coaching measured on the labelled set (tests/data/requests/): each check must be right
when it speaks (precision) and speak when it should (recall). A change to the rules or word
lists that makes any check worse fails here, with the requests it got wrong."""

import pytest

from requests_app.coaching import Check
from tests.coaching_set import labelled_set, scores, scores_table

MIN_PRECISION = 0.9
MIN_RECALL = 0.8


def test_the_labelled_set_has_at_least_80_requests_with_good_ones_and_every_problem() -> None:
    records = labelled_set()
    assert len(records) >= 80
    assert sum(not record["expected"] for record in records) >= 20
    for check in Check:
        assert sum(check in record["expected"] for record in records) >= 5, check


@pytest.mark.parametrize("check", list(Check))
def test_each_check_is_precise_and_finds_most_of_its_problems(check) -> None:
    table, wrong = scores()
    score = next(s for s in table if s.check == check)
    message = f"{check.label}: wrong on {wrong[check]}\n{scores_table(table)}"
    assert score.precision >= MIN_PRECISION, message
    assert score.recall >= MIN_RECALL, message
