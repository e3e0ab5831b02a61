"""The geometry of the dashboard's charts, drawn as SVG by small templates (decision 0015).

The numbers are worked out here and the templates only place them: a vertical bar per week, a
horizontal bar per row. The SVG's viewBox is narrow (a phone's width), so it scales up on a
desktop and its text stays readable at 320 pixels.
"""

import datetime as dt
import math
from itertools import count

WIDTH = 320
BAR_AREA = 110  # the height of the tallest weekly bar
AXIS_TOP = 20  # room above the tallest bar for its value
MARGIN = 14  # room at each side for a date centred under the first or last bar
LABEL_WIDTH = 44  # a date under a bar, "28 Sep"
VALUE_WIDTH = 18  # a value above a bar, "123"
ROW = 38  # each horizontal bar's row: its label above, the bar below
_ids = count(1)


def _scale(values: list[int]) -> int:
    return max([*values, 1])


def week_bars(bars: list[dict], *, title: str) -> dict:
    """A vertical bar per week, its value above it and every other week's date below."""
    n = max(len(bars), 1)
    step = (WIDTH - 2 * MARGIN) / n
    top = _scale([bar["count"] for bar in bars])
    # A long period has thin bars: date only every few, and values only where they fit (the table has them all).
    every = max(1, math.ceil(LABEL_WIDTH / step))
    values_fit = step >= VALUE_WIDTH
    placed = []
    for i, bar in enumerate(bars):
        height = round(BAR_AREA * bar["count"] / top, 1)
        x = round(MARGIN + i * step + step * 0.15, 1)
        placed.append(
            {
                **bar,
                "x": x,
                "width": round(step * 0.7, 1),
                "y": round(AXIS_TOP + BAR_AREA - height, 1),
                "value_y": round(AXIS_TOP + BAR_AREA - height - 4, 1),
                "height": height,
                "middle": round(x + step * 0.35, 1),
                "label": _short(bar["start"]) if i % every == 0 else "",
                "shown": values_fit,
            }
        )
    total = sum(bar["count"] for bar in bars)
    return {
        "id": f"chart-{next(_ids)}",
        "title": title,
        "desc": f"{title}: {total} in all over {len(bars)} weeks, from 0 to {max([0, *[b['count'] for b in bars]])} "
        "in a week. The figures are in the table below.",
        "bars": placed,
        "width": WIDTH,
        "height": AXIS_TOP + BAR_AREA + 24,
        "baseline": AXIS_TOP + BAR_AREA,
        "label_y": AXIS_TOP + BAR_AREA + 16,
    }


def row_bars(rows: list[dict], *, title: str, value: str = "count", suffix: str = "") -> dict:
    """A horizontal bar per row, its label above it and its value at its end."""
    top = _scale([row[value] or 0 for row in rows]) if not suffix else 100
    placed = []
    for i, row in enumerate(rows):
        length = round((WIDTH - 60) * (row[value] or 0) / top, 1)
        y = i * ROW
        placed.append(
            {
                **row,
                "text": _clip(row["label"]),
                "text_y": y + 13,
                "y": y + 18,
                "length": length,
                "value_x": round(length + 4, 1),
                "value_y": y + 30,
                "shown": "none due" if row[value] is None else f"{row[value]}{suffix}",
            }
        )
    return {
        "id": f"chart-{next(_ids)}",
        "title": title,
        "desc": f"{title}. The figures are in the table below.",
        "rows": placed,
        "width": WIDTH,
        "height": max(len(rows), 1) * ROW + 4,
    }


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _clip(label: str, most: int = 44) -> str:
    return label if len(label) <= most else f"{label[: most - 1]}…"
