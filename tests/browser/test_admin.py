"""The Django admin works under the Content-Security-Policy with no relaxation: its scripts are
files, and the widgets they build (the two-box group picker, the slug filled in from the name)
still appear. Any inline script or style the admin tried would fail the test (conftest.py)."""

from hub.roles import Role
from tests.browser.conftest import settle, sign_in
from tests.factories import persona


def visit(page, url: str) -> None:
    page.goto(url)
    settle(page)


def test_an_administrator_uses_the_admin_widgets_under_the_policy(page, live_server) -> None:
    ada = persona(Role.ADMIN)
    sign_in(page, live_server.url, "ada", "correct horse battery staple")
    visit(page, f"{live_server.url}/admin/")
    assert page.get_by_role("link", name="Users").first.is_visible()
    # SelectFilter2.js replaces the plain multiple select with its two boxes and a filter.
    visit(page, f"{live_server.url}/admin/hub/user/{ada.pk}/change/")
    assert page.locator("#id_groups_filter").is_visible()
    visit(page, f"{live_server.url}/admin/hub/area/add/")
    page.locator("#id_name").press_sequentially("North Yorkshire")
    assert page.locator("#id_slug").input_value() == "north-yorkshire"  # prepopulate.js
    visit(page, f"{live_server.url}/admin/hub/user/")
    page.locator("#action-toggle").check()
    assert page.locator(".action-counter").inner_text() == "1 of 1 selected"  # actions.js counts it
