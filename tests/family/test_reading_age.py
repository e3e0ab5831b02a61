"""The family copy's own words are written for a reading age of about 11 (issue 16): a
Flesch-Kincaid grade of 6 or below, as textstat measures it. The figure is pinned, so a change
of wording shows here with its new figure."""

import pytest
import textstat

from family import wording

# Measured with textstat 0.7.8 on wording.fixed_text(). A US grade plus 5 is a UK reading age.
PINNED_GRADE = 3.3


def test_the_copys_fixed_words_read_at_grade_6_or_below_and_the_figure_is_pinned() -> None:
    grade = textstat.flesch_kincaid_grade(wording.fixed_text())
    assert grade <= 6
    assert round(grade, 1) == PINNED_GRADE, f"The reading grade is now {grade:.1f}: pin it if that is right"
    assert round(grade, 1) + 5 <= 11  # a reading age of 11 or below


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_levels_plain_words_read_at_grade_6_or_below(level: int) -> None:
    assert textstat.flesch_kincaid_grade(wording.LEVEL[level]) <= 6


def test_a_long_official_sentence_would_fail_the_measure() -> None:
    official = (
        "The Multi-Agency Safeguarding Hub will undertake a comprehensive evaluation of the information "
        "provided, including consideration of the threshold criteria applicable to statutory intervention."
    )
    assert textstat.flesch_kincaid_grade(official) > 6
