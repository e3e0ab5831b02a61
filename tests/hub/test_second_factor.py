"""Everyone signed in passes a one-time code from an authenticator app before any page
(SUPPORT_HUB_OTP_REQUIRED; off in test settings, switched on here)."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.roles import Role
from tests.factories import persona
from tests.helpers import api_client_for, client_for
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_factor_on(settings) -> None:
    settings.SUPPORT_HUB_OTP_REQUIRED = True


@pytest.fixture
def harry(lancashire):
    return persona(Role.HUB_WORKER, area=lancashire)


@pytest.fixture
def submitted(lancashire):
    return make_request(persona(Role.REFERRER, area=lancashire))


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_a_signed_in_person_without_the_second_factor_cannot_read_a_request(submitted, harry) -> None:
    confirmed_device(harry)
    client = client_for(harry)
    page = f"/triage/requests/{submitted.reference}/"
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/authenticator/?next=")
    followed = client.get(page, follow=True)
    assert followed.templates[0].name == "registration/otp_verify.html"
    assert submitted.children.first().first_name not in followed.content.decode()


def test_a_right_code_lets_them_through_to_the_page_they_asked_for(submitted, harry) -> None:
    device = confirmed_device(harry)
    client = client_for(harry)
    page = f"/triage/requests/{submitted.reference}/"
    response = client.post("/sign-in/authenticator/", {"code": code_for(device), "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert client.get(page).status_code == 200


def test_a_wrong_code_is_refused_in_gov_uk_words(harry) -> None:
    device = confirmed_device(harry)
    client = client_for(harry)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/sign-in/authenticator/", {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "The code is not right or has run out" in html
    assert client.get("/").status_code == 302


def test_someone_with_no_device_is_sent_to_set_one_up_with_a_qr_code_and_the_key_as_text() -> None:
    rita = persona(Role.REFERRER)
    client = client_for(rita)
    response = client.get("/requests/")
    assert response["Location"].startswith("/sign-in/authenticator/set-up/?next=")
    html = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=rita, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode().rstrip("=")
    assert "<script>" not in html and " style=" not in html


def test_typing_the_first_code_confirms_the_device_and_opens_the_service() -> None:
    rita = persona(Role.REFERRER)
    client = client_for(rita)
    client.get("/sign-in/authenticator/set-up/")
    device = TOTPDevice.objects.get(user=rita)
    response = client.post("/sign-in/authenticator/set-up/", {"code": code_for(device), "next": "/requests/"})
    assert response["Location"] == "/requests/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/requests/").status_code == 200


def test_a_password_alone_cannot_enrol_a_second_device() -> None:
    rita = persona(Role.REFERRER)
    confirmed_device(rita)
    response = client_for(rita).get("/sign-in/authenticator/set-up/")
    assert response["Location"].startswith("/sign-in/authenticator/")
    assert TOTPDevice.objects.filter(user=rita).count() == 1


def test_the_whole_journey_is_password_then_code(harry) -> None:
    device = confirmed_device(harry)
    client = Client()
    signed_in = client.post("/sign-in/", {"username": "harry", "password": "correct horse battery staple"})
    assert signed_in["Location"] == "/"
    assert client.get("/")["Location"] == "/sign-in/authenticator/?next=%2F"
    client.post("/sign-in/authenticator/", {"code": code_for(device)})
    assert client.get("/").status_code == 200


def test_a_code_from_the_next_window_is_not_accepted_twice(harry) -> None:
    device = confirmed_device(harry)
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        first, second = client_for(harry), client_for(harry)
        assert first.post("/sign-in/authenticator/", {"code": code}).status_code == 302
        # django-otp remembers the last time step used, so a code seen over a shoulder is spent.
        assert second.post("/sign-in/authenticator/", {"code": code}).status_code == 200


def test_sign_out_is_reachable_before_the_second_factor(harry) -> None:
    client = client_for(harry)
    assert client.post("/sign-out/").status_code == 302


def test_with_the_setting_off_a_password_is_enough(settings, harry) -> None:
    settings.SUPPORT_HUB_OTP_REQUIRED = False
    assert client_for(harry).get("/").status_code == 200


def test_the_admin_site_needs_the_second_factor_too() -> None:
    ada = persona(Role.ADMIN)
    confirmed_device(ada)
    assert client_for(ada).get("/admin/")["Location"].startswith("/sign-in/authenticator/?next=")


def test_a_session_without_the_second_factor_cannot_use_the_api_but_a_token_can(harry) -> None:
    confirmed_device(harry)
    assert client_for(harry).get("/api/v1/frameworks/").status_code == 302
    assert api_client_for(harry).get("/api/v1/frameworks/").status_code == 200


def test_a_next_page_on_another_site_is_ignored(harry) -> None:
    device = confirmed_device(harry)
    client = client_for(harry)
    response = client.post("/sign-in/authenticator/", {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
