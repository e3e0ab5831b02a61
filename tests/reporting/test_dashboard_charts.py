"""The charts' geometry: bars in proportion, labels that never crowd each other."""

import datetime as dt
from itertools import pairwise

from reporting.dashboard_charts import row_bars, week_bars


def weeks_of(counts: list[int]) -> list[dict]:
    monday = dt.date(2026, 1, 5)
    return [{"start": monday + dt.timedelta(weeks=i), "count": n} for i, n in enumerate(counts)]


def test_the_tallest_week_fills_the_chart_and_the_others_are_in_proportion() -> None:
    chart = week_bars(weeks_of([2, 4, 0]), title="Requests received per week")
    heights = [bar["height"] for bar in chart["bars"]]
    assert heights[1] == 2 * heights[0] and heights[2] == 0
    assert chart["desc"].startswith("Requests received per week: 6 in all over 3 weeks")


def test_a_year_of_weeks_labels_only_some_dates_and_leaves_the_values_to_the_table() -> None:
    chart = week_bars(weeks_of([1] * 52), title="Contacts per week")
    labelled = [bar["middle"] for bar in chart["bars"] if bar["label"]]
    assert 4 < len(labelled) < 52
    assert min(b - a for a, b in pairwise(labelled)) >= 44
    assert not any(bar["shown"] for bar in chart["bars"])
    assert all(bar["x"] >= 0 and bar["x"] + bar["width"] <= chart["width"] for bar in chart["bars"])


def test_a_percentage_with_nothing_due_says_so_rather_than_drawing_nothing() -> None:
    chart = row_bars(
        [{"label": "Contact decisions", "percent": 50}, {"label": "Conferences", "percent": None}],
        title="Per cent within time",
        value="percent",
        suffix="%",
    )
    assert [row["shown"] for row in chart["rows"]] == ["50%", "none due"]
    assert chart["rows"][0]["length"] == (chart["width"] - 60) / 2
