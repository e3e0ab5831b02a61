"""When the idle timeout runs out on a page of the request form, the answers on it are saved
before the person is signed out (static/js/timeout.mjs)."""

from hub.roles import Role
from requests_app.models import RequestDraft
from requests_app.services.drafts import draft_create
from tests.browser.conftest import settle, sign_in
from tests.factories import persona


def test_an_unattended_request_form_saves_its_answers_and_signs_out(page, live_server, settings) -> None:
    rita = persona(Role.REFERRER)
    draft = draft_create(owner=rita)
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    # A short idle timeout: the warning shows at 6 seconds and the page saves itself at 9.
    settings.SESSION_COOKIE_AGE = 12
    page.goto(f"{live_server.url}/requests/drafts/{draft.pk}/about_you/")
    settle(page)
    page.get_by_label("Your safeguarding lead or line manager").fill("Sam Head, headteacher")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    dialog.wait_for(state="visible", timeout=10_000)
    assert "save the answers on this page" in dialog.inner_text()
    page.wait_for_url(f"{live_server.url}/sign-in/", timeout=15_000)
    draft = RequestDraft.objects.get(pk=draft.pk)
    assert "Sam Head, headteacher" in str(draft.data.get("about_you"))


def test_the_warning_elsewhere_promises_only_what_was_saved(page, live_server, settings) -> None:
    persona(Role.REFERRER)
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    settings.SESSION_COOKIE_AGE = 4
    page.goto(f"{live_server.url}/")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    dialog.wait_for(state="visible", timeout=10_000)
    assert "Answers you have saved with Continue are kept." in dialog.inner_text()
    page.wait_for_url(f"{live_server.url}/sign-in/?next=%2F", timeout=10_000)
