"""A person's first sign-in with the second factor on: scan (here, type) the key, enter a code, carry
on; the pages pass axe like every other."""

import base64

from django_otp.oath import totp

from hub.roles import Role
from tests.browser.conftest import settle, sign_in
from tests.factories import persona


def test_a_first_sign_in_sets_up_the_authenticator_app_then_reaches_home(page, live_server, settings) -> None:
    settings.SUPPORT_HUB_OTP_REQUIRED = True
    persona(Role.HUB_WORKER)
    sign_in(page, live_server.url, "harry", "correct horse battery staple")
    assert page.get_by_role("heading", name="Set up your authenticator app").is_visible()
    assert page.get_by_role("img", name="QR code to add Support Hub to your authenticator app").is_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    settle(page)
    assert page.get_by_text("Your authenticator app is set up").is_visible()
    assert page.get_by_role("heading", name="Welcome, Harry Osei").is_visible()
