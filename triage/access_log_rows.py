"""The rows of "who has accessed this record", written in Python as the queue's are
(lib/html_text.py). Drawn by the template engine, a page's hundred rows took most of the page's
time: each row's time through the `date` filter and the active time zone, its action through
`get_action_display`, and a dozen variable lookups."""

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hub.models import AuditEvent
from lib.html_text import short_months, text_html

ACTIONS = dict(AuditEvent.Action.choices)


def _what(event: AuditEvent) -> str:
    detail = event.detail if isinstance(event.detail, dict) else {}
    what = str(ACTIONS.get(event.action, event.action))
    if detail.get("listed_in"):
        return f"{what} (in {detail['listed_in']})"
    if detail.get("child"):
        return f"{what} (a child's page)"
    if detail.get("access_log"):
        return f"{what} (this page)"
    return what


def _how(via: str) -> str:
    return "API" if via == "api" else via[:1].upper() + via[1:]


def access_log_row(event: AuditEvent, months: dict[int, str]) -> str:
    local = timezone.localtime(event.at)  # "j M Y, H:i:s"
    cells = (
        f"{local.day} {months[local.month]} {local.year}, {local:%H:%M:%S}",
        event.actor.display_name if event.actor_id else "The system",
        _what(event),
        _how(event.via),
        event.address or "Not recorded",
    )
    return (
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{text_html(cell)}</td>' for cell in cells)
        + "</tr>"
    )


def access_log_rows(events) -> SafeString:
    """The page's rows, newest first as given."""
    months = short_months()
    return mark_safe("".join(access_log_row(event, months) for event in events))  # noqa: S308 (each cell escaped)
