"""The menu every signed-in page draws (hub.navigation.menu_html, through `{% menu %}`)."""

import re

import pytest
from django.test import Client

from hub.navigation import menu_html
from hub.roles import Role
from notifications.models import Notification
from tests.factories import persona

pytestmark = pytest.mark.django_db


def entries(html: str) -> dict[str, str]:
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    found = re.findall(r'<li class="govuk-service-navigation__item[^"]*">(.*?)</li>', menu, re.S)
    # Each entry by its label: its text without the badge's "2 unread".
    return {re.sub(r"\s*\d+ unread$", "", re.sub(r"<[^>]+>", "", entry).strip()): entry for entry in found}


def test_the_page_shown_is_the_one_current_entry_and_unread_notifications_are_counted_on_it() -> None:
    worker = persona(Role.HUB_WORKER)
    for n in range(2):
        Notification.objects.create(recipient=worker, kind="chaser", subject="s", body="b", dedupe_key=f"k{n}")
    client = Client()
    client.force_login(worker)
    shown = entries(client.get("/notifications/").content.decode())
    current = [label for label, entry in shown.items() if 'aria-current="page"' in entry]
    assert current == ["Notifications"]
    assert '<strong class="govuk-service-navigation__active-fallback">Notifications</strong>' in shown["Notifications"]
    badge = '<span class="govuk-tag govuk-tag--red">2<span class="govuk-visually-hidden"> unread</span></span>'
    assert badge in shown["Notifications"]
    assert "govuk-tag" not in shown["Home"] and "govuk-tag" not in shown["Queue"]


def test_no_unread_notifications_shows_no_badge() -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    assert "govuk-tag" not in entries(client.get("/").content.decode())["Notifications"]


def test_an_entrys_label_and_address_are_escaped() -> None:
    item = {"label": "<script>x</script>", "url": '/a"b/', "active": False, "counts_unread": False}
    html = menu_html([item], 0)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'href="/a&quot;b/"' in html
