import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views import defaults

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db


def test_a_missing_page_shows_the_gov_uk_not_found_page() -> None:
    client = Client()
    client.force_login(persona(Role.REFERRER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


def test_a_refusal_shows_the_gov_uk_permission_page() -> None:
    request = RequestFactory().get("/")
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_a_crash_shows_the_gov_uk_problem_page_and_says_saved_work_is_kept() -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "has been kept" in html


def test_in_development_a_missing_page_is_the_gov_uk_page_not_a_list_of_urls(settings) -> None:
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "hub.middleware.GovukErrorPagesMiddleware"]
    response = Client().get("/sign-in/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "govuk-template" in body
    assert "URLconf" not in body and "healthz" not in body  # Django's debug page lists every URL


def test_the_development_settings_use_the_gov_uk_error_pages() -> None:
    import importlib

    dev = importlib.import_module("hub.settings.dev")
    assert "hub.middleware.GovukErrorPagesMiddleware" in dev.MIDDLEWARE


def test_the_refusal_and_not_found_pages_offer_a_way_home() -> None:
    request = RequestFactory().get("/")
    for response in (defaults.permission_denied(request, PermissionDenied()), defaults.page_not_found(request, None)):
        assert 'href="/"' in response.content.decode() and "Go to your home page" in response.content.decode()
