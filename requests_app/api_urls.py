from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .api.review import RequestReviewView
from .api.views import RequestCreateView, RequestDetailView

urlpatterns = [
    path("requests/", login_not_required(RequestCreateView.as_view()), name="api-requests"),
    # Before the detail: "review" is not a reference.
    path("requests/review/", login_not_required(RequestReviewView.as_view()), name="api-requests-review"),
    path("requests/<str:reference>/", login_not_required(RequestDetailView.as_view()), name="api-request"),
]
