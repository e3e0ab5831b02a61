"""The queue's table rows, written in Python rather than by the template engine.

A row is nine cells of a request, its children and its clock. Drawn by Django's template engine
each row cost about 145 µs (every `{{ }}` a variable lookup, the received date's `date` filter,
the `{% url %}`, each child's age asking for today's date again), 7 ms of a 50-row page. Drawn
with `format_html` it still cost about 180 µs on a loaded machine: each call passes every
argument through Django's lazy-string wrappers before escaping it, the `date` format looks each
month's name up through gettext, and `reverse()` walks the URL resolver. Here every value a
person typed goes through `_text` (lib/html_text.py: the standard library's HTML escape, as
Django's `escape` does, and markup we made passes as it is), the page's address and month names
are looked up once, and today's date is read once for the page.
"""

import functools
from typing import NamedTuple
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from lib.dates import age_on
from lib.html_text import short_months
from lib.html_text import text_html as _text

from .worklist import SORTS


@functools.cache
def _request_address() -> str:
    """The request page's address with __ref__ for the reference: one reverse() per process."""
    return reverse("triage:request", args=["__ref__"])


def _checkbox(reference: str) -> str:
    return (
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        f'<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="select-{reference}" '
        f'name="requests" type="checkbox" value="{reference}"><label class="govuk-label govuk-checkboxes__label" '
        f'for="select-{reference}"><span class="govuk-visually-hidden">Select {reference}</span></label></div></div>'
    )


def _child(child, today) -> str:
    """One child as the row shows them; `child` is a triage.queue_entry.QueueChild."""
    name = f"{_text(child.first_name)} {_text(child.last_name)}"
    if child.unborn:
        return f"{name} (unborn)"
    age = age_on(child.date_of_birth, today)
    return name if age is None else f"{name}, {age}"


def _clock(row) -> str:
    clock = row.clock
    if not clock:
        return "No open deadline"
    return f'<strong class="govuk-tag govuk-tag--{_text(clock.colour)}">{_text(clock.text)}</strong>'


def _received(moment, months: dict[int, str]) -> str:
    local = timezone.localtime(moment)  # "j M, H:i", as the template's date filter wrote it
    return f"{local.day} {months[local.month]}, {local:%H:%M}"


def queue_row(row, today, months: dict[int, str]) -> str:
    reference = _text(row.reference)
    address = _request_address().replace("__ref__", quote(row.reference, safe=""))
    link = f'<a class="govuk-link" href="{_text(address)}">{reference}</a>'
    if row.immediate_risk:
        link += ' <strong class="govuk-tag govuk-tag--red">Immediate risk</strong>'
    cells = (
        _checkbox(reference),
        link,
        "<br>".join(_child(child, today) for child in row.children),
        _text(row.level_requested),
        _text(row.referrer_agency),
        _received(row.received_at, months),
        _text(row.assigned_to or "Nobody yet"),
        _text(row.proposed_outcome or "None yet"),
        _clock(row),
    )
    return (
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{cell}</td>' for cell in cells)
        + "</tr>"
    )


def queue_rows(rows) -> SafeString:
    """Every row of the page, in order."""
    today = timezone.localdate()
    months = short_months()
    return mark_safe("".join(queue_row(row, today, months) for row in rows))  # noqa: S308 (each value escaped above)


class Column(NamedTuple):
    """A heading of the queue's table. One that sorts links to its order (`href`) and says whether
    the table is in it (`order`, for aria-sort); the usual order's heading is "Time left"."""

    label: str
    href: str = ""
    order: str = ""
    note: str = ""


# After "Select" and "Reference": each heading and the order it asks for (None: it does not sort).
HEADINGS = (
    *(("Children and ages", "age"), ("Level asked", None), ("Referring agency", "agency")),
    *(("Received", "received"), ("Assigned to", None), ("Proposed outcome", "outcome"), ("Time left", "")),
)


def queue_tabs(tabs, *, current: str, query: str) -> SafeString:
    """The stage tabs with their counts, as the template drew them (about 1 ms of every queue page
    there: each tab's comparisons and its count passed through number formatting)."""
    query = f"&amp;{_text(query)}" if query else ""
    items = []
    for key, label, count in tabs:
        here = key == current
        current_class, aria = (" app-queue-tabs__current", ' aria-current="page"') if here else ("", "")
        items.append(
            f'<li><a class="govuk-link{current_class}" href="?tab={_text(key)}{query}"{aria}>{_text(label)} '
            f'<span class="govuk-tag govuk-tag--grey">{int(count)}</span></a></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 (each value escaped above)


def queue_headings(columns: list[Column]) -> SafeString:
    """The table's headings after "Select" and "Reference": a link to each order, with aria-sort
    on the one the table is in."""
    cells = []
    for column in columns:
        if not column.href:
            cells.append(f'<th scope="col" class="govuk-table__header">{_text(column.label)}</th>')
            continue
        sorted_by = f' aria-sort="{_text(column.order)}"' if column.order else ""
        cells.append(
            f'<th scope="col" class="govuk-table__header"{sorted_by}><a class="govuk-link" href="{_text(column.href)}">'
            f'{_text(column.label)}<span class="govuk-visually-hidden">{_text(column.note)}</span></a></th>'
        )
    return mark_safe("".join(cells))  # noqa: S308 (each value escaped above)


def queue_columns(*, tab: str, sort: str, query: str) -> list[Column]:
    """The headings, worked out here rather than by an include per heading: 19 µs against 340.
    A second click on the order the table is in reverses it, where that order has a reverse."""
    columns = []
    for label, key in HEADINGS:
        if key is None:
            columns.append(Column(label))
            continue
        href = f"?tab={tab}" + (f"&{query}" if query else "")
        if key:
            href += f"&sort={'-' if sort == key and f'-{key}' in SORTS else ''}{key}"
        order = "ascending" if sort == key else "descending" if key and sort == f"-{key}" else ""
        note = ", sort by this column" if key else ", the usual order: immediate risk, then the nearest deadline"
        columns.append(Column(label, href, order, note))
    return columns
