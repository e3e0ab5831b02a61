"""Every API route, under /api/v1/. The API authenticates by session or token
and each view checks permissions itself, so the site-wide sign-in redirect
(LoginRequiredMiddleware) is switched off here: an API client gets a 401/403
JSON answer, not a redirect to a sign-in page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from requests_app import api as requests_api
from thresholds import api as thresholds_api

urlpatterns = [
    path("requests/", login_not_required(requests_api.RequestCreateView.as_view()), name="api-requests"),
    path(
        "requests/<str:reference>/",
        login_not_required(requests_api.RequestDetailView.as_view()),
        name="api-request",
    ),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("frameworks/", login_not_required(thresholds_api.FrameworkListView.as_view()), name="api-frameworks"),
    path(
        "frameworks/<slug:area_slug>/",
        login_not_required(thresholds_api.FrameworkDetailView.as_view()),
        name="api-framework",
    ),
    path(
        "frameworks/<slug:area_slug>/suggest/",
        login_not_required(thresholds_api.SuggestView.as_view()),
        name="api-framework-suggest",
    ),
]
