"""The header navigation a person sees, by what their role may do.

Each later feature adds its own entry here; an entry shows only when its
permission check passes, so the menu never offers a page that would refuse.
"""

from collections.abc import Callable
from dataclasses import dataclass

from lib.addresses import page_address


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
