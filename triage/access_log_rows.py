"""The rows of "who has accessed this record", written in Python as the queue's are
(lib/html_text.py). Drawn by the template engine, a page's hundred rows took most of the page's
time: each row's time through the `date` filter and the active time zone, its action through
`get_action_display`, and a dozen variable lookups."""

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hub.models import AuditEvent, user_display_name
from lib.html_text import short_months, text_html

ACTIONS = dict(AuditEvent.Action.choices)


def _what(event: dict) -> str:
    detail = event["detail"] if isinstance(event["detail"], dict) else {}
    what = str(ACTIONS.get(event["action"], event["action"]))
    if detail.get("listed_in"):
        return f"{what} (in {detail['listed_in']})"
    if detail.get("child"):
        return f"{what} (a child's page)"
    if detail.get("access_log"):
        return f"{what} (this page)"
    return what


def _how(via: str) -> str:
    return "API" if via == "api" else via[:1].upper() + via[1:]


def access_log_row(event: dict, months: dict[int, str], zone) -> str:
    """One row; `event` holds hub.selectors.ACCESS_LOG_FIELDS."""
    local = event["at"].astimezone(zone)  # "j M Y, H:i:s"
    who = (
        user_display_name(event["actor__first_name"], event["actor__last_name"], event["actor__username"])
        if event["actor_id"]
        else "The system"
    )
    cells = (
        f"{local.day} {months[local.month]} {local.year}, {local:%H:%M:%S}",
        who,
        _what(event),
        _how(event["via"]),
        event["address"] or "Not recorded",
    )
    return (
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{text_html(cell)}</td>' for cell in cells)
        + "</tr>"
    )


def access_log_rows(events) -> SafeString:
    """The page's rows, newest first as given."""
    months, zone = short_months(), timezone.get_current_timezone()  # looked up once, not for each row
    return mark_safe("".join(access_log_row(event, months, zone) for event in events))  # noqa: S308 (each cell escaped)
