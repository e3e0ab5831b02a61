"""The layout's files and fixed links are worked out once per process (lib/addresses.py), and are
still right wherever the page is drawn and whatever the settings say."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch
from django.views import defaults

from hub.roles import Role
from lib.addresses import page_address, static_address
from lib.templatetags.addresses import address
from tests.factories import persona

pytestmark = pytest.mark.django_db


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_a_signed_in_page_links_the_service_stylesheets_its_scripts_and_its_sign_out() -> None:
    client = Client()
    client.force_login(persona(Role.HUB_WORKER))
    html = client.get("/").content.decode()
    assert stylesheets(html) == ["/static/govuk/govuk-frontend.min.css", "/static/css/app.css"]
    assert '<script type="module" src="/static/js/timeout.mjs">' in html
    assert 'action="/sign-out/"' in html and 'data-keep-alive="/session/keep-alive/"' in html


def test_the_crash_page_drawn_without_a_request_context_is_still_styled() -> None:
    html = defaults.server_error(RequestFactory().get("/")).content.decode()
    assert stylesheets(html) == ["/static/govuk/govuk-frontend.min.css", "/static/css/app.css"]


def test_files_moved_elsewhere_in_the_settings_are_linked_where_they_now_are(settings) -> None:
    assert static_address("css/app.css") == "/static/css/app.css"  # remembered under the old setting
    settings.STATIC_URL = "/assets/"
    html = defaults.permission_denied(RequestFactory().get("/"), PermissionDenied()).content.decode()
    assert stylesheets(html) == ["/assets/govuk/govuk-frontend.min.css", "/assets/css/app.css"]


def test_a_page_this_build_does_not_have_has_no_address_and_is_an_error_in_a_template() -> None:
    assert page_address("no-such-page") is None
    with pytest.raises(NoReverseMatch):
        address("no-such-page")
