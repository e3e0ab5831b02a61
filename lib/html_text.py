"""Table rows written in Python rather than by the template engine, for the pages that draw
many of them (the queue, "who has accessed this record"): each template `{{ }}` is a variable
lookup and a pass through Django's lazy-string wrappers, which for a hundred rows came to more
than the rest of the page."""

import html

from django.utils.dates import MONTHS_3


def text_html(value) -> str:
    """`value` escaped for HTML, as Django's conditional_escape does: anything already marked
    safe (our own markup) passes as it is, everything else is escaped, quotes included."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def short_months() -> dict[int, str]:
    """Each month's short name in the active language, as the `date` filter's "M" writes it: looked
    up once for a page, not through gettext for each row."""
    return {number: str(name).title() for number, name in MONTHS_3.items()}
