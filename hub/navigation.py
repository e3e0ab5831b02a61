"""The header navigation a person sees, by what their role may do.

Each later feature adds its own entry here; an entry shows only when its
permission check passes, so the menu never offers a page that would refuse.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from lib.addresses import page_address
from lib.html_text import text_html


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[object], bool]
    # Shows the unread-notification count (notifications.context_processors) as a badge.
    counts_unread: bool = False


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "home", lambda user: True),
    NavItem("Levels of need", "thresholds:index", lambda user: True),
    NavItem("My requests", "requests:mine", lambda user: user.has_perm("hub.submit_request")),
    NavItem("Queue", "triage:queue", lambda user: user.has_perm("hub.work_queue")),
    NavItem("Phoned referrals", "phone:list", lambda user: user.has_perm("hub.record_phone_referral")),
    NavItem("Partner checks", "triage:checks", lambda user: user.has_perm("hub.answer_partner_check")),
    NavItem("Dashboard", "reporting:dashboard", lambda user: user.has_perm("hub.view_dashboard")),
    NavItem("Ofsted Annex A", "reporting:annex-a", lambda user: user.has_perm("hub.export_returns")),
    NavItem("Notifications", "notifications:list", lambda user: True, counts_unread=True),
    NavItem("Administration", "admin:index", lambda user: user.is_staff),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        # Looked up once per process (lib/addresses.py): the menu's ten lookups took about 0.55 ms of each page.
        url = page_address(item.url_name)
        if url is not None and item.allowed(user):
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active, "counts_unread": item.counts_unread})
    # Only the entry with the longest matching address is current: the Annex A page is under the
    # dashboard's /reporting/, and is not the dashboard.
    current = max((item["url"] for item in items if item["active"]), key=len, default=None)
    for item in items:
        item["active"] = item["url"] == current
    return items


def menu_html(items: list[dict], unread: int) -> SafeString:
    """The menu's entries as GOV.UK's service navigation draws them, with the unread count as a badge
    on the entry that shows it. Written here rather than by the layout's template: every page draws
    the menu, and the template's loop over a hub worker's five entries took about 0.5 ms of each."""
    return mark_safe("".join(_entry(item, unread) for item in items))  # noqa: S308 (each part escaped below)


def _entry(item: dict, unread: int) -> str:
    label = text_html(item["label"])
    current = ""
    if item["active"]:
        # GOV.UK's markup for the page shown: the class, aria-current, and bold text where CSS fails.
        label = f'<strong class="govuk-service-navigation__active-fallback">{label}</strong>'
        current = ' aria-current="page"'
    if item["counts_unread"] and unread:
        label += (
            f' <span class="govuk-tag govuk-tag--red">{int(unread)}'
            '<span class="govuk-visually-hidden"> unread</span></span>'
        )
    modifier = " govuk-service-navigation__item--active" if item["active"] else ""
    return (
        f'<li class="govuk-service-navigation__item{modifier}">'
        f'<a class="govuk-service-navigation__link" href="{text_html(item["url"])}"{current}>{label}</a></li>'
    )
