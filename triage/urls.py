from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("requests/<str:reference>/", views.request_page, name="request"),
    path(
        "requests/<str:reference>/children/<int:child_id>/new/", views.match_action, {"action": "new"}, name="match-new"
    ),
    path(
        "requests/<str:reference>/children/<int:child_id>/<str:action>/<int:person_id>/",
        views.match_action,
        name="match",
    ),
    path("requests/<str:reference>/<slug:action>/", views.request_action, name="action"),
    path("checks/", views.checks_list, name="checks"),
    path("checks/<int:check_id>/", views.check_answer, name="check"),
    path("disagree/<str:reference>/", views.disagree, name="disagree"),
    path("disagreements/<int:disagreement_id>/", views.disagreement_resolve, name="resolve"),
]
