from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .api.views import RequestCreateView, RequestDetailView

urlpatterns = [
    path("requests/", login_not_required(RequestCreateView.as_view()), name="api-requests"),
    path("requests/<str:reference>/", login_not_required(RequestDetailView.as_view()), name="api-request"),
]
