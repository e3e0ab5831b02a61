"""Page benchmarks: a signed-in page against a bare Django view that does the
least a page can do (one session and user lookup)."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from bench.harness import compare, p95_ratio_at_most
from hub.roles import Role
from tests.factories import persona


def bare_view(request) -> HttpResponse:
    return HttpResponse(f"<html><body>{request.user.username}</body></html>")


urlpatterns = [path("bare/", bare_view)]


@pytest.mark.django_db
def test_home_page_against_a_bare_view(settings) -> None:
    from hub import urls as hub_urls

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": hub_urls.urlpatterns + urlpatterns})
    client = Client()
    client.force_login(persona(Role.HUB_WORKER))
    compare(
        "home page (hub worker)",
        lambda: client.get("/"),
        lambda: client.get("/bare/"),
        baseline_name="bare view, same session",
        # 100 of each in turns, not the default 30: the 95th percentile of 30 is the second slowest.
        repeat=100,
        target=p95_ratio_at_most(1.5),
    )
