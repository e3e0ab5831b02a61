from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .api import FrameworkDetailView, FrameworkListView, SuggestView

urlpatterns = [
    path("frameworks/", login_not_required(FrameworkListView.as_view()), name="api-frameworks"),
    path("frameworks/<slug:area_slug>/", login_not_required(FrameworkDetailView.as_view()), name="api-framework"),
    path(
        "frameworks/<slug:area_slug>/suggest/",
        login_not_required(SuggestView.as_view()),
        name="api-framework-suggest",
    ),
]
