"""Every API route, under /api/v1/. The API authenticates by session or token
and each view checks permissions itself, so the site-wide sign-in redirect
(LoginRequiredMiddleware) is switched off for each route: an API client gets a
401/403 JSON answer, not a redirect to a sign-in page. Each app keeps its own
routes in its api_urls.py."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("requests_app.api_urls")),
    path("", include("thresholds.api_urls")),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
]
