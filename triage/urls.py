from django.urls import path

from .views import children, oversight, partners, queue, request

app_name = "triage"
urlpatterns = [
    path("", queue.queue_view, name="queue"),
    path("bulk/", queue.queue_bulk, name="bulk"),
    path("requests/<str:reference>/", request.request_page, name="request"),
    path("requests/<str:reference>/children/<int:child_id>/", children.child_page, name="child"),
    path("requests/<str:reference>/children/<int:child_id>/record/", children.child_record, name="child-record"),
    path("requests/<str:reference>/children/<int:child_id>/close/", children.child_episode_close, name="child-close"),
    path("requests/<str:reference>/children/<int:child_id>/review/", children.child_cp_review, name="child-review"),
    path("requests/<str:reference>/children/<int:child_id>/census/", children.child_census, name="child-census"),
    path(
        "requests/<str:reference>/children/<int:child_id>/new/",
        request.match_action,
        {"action": "new"},
        name="match-new",
    ),
    path(
        "requests/<str:reference>/children/<int:child_id>/<str:action>/<int:person_id>/",
        request.match_action,
        name="match",
    ),
    path("requests/<str:reference>/access/", oversight.access_log_page, name="access-log"),
    path(
        "requests/<str:reference>/children/<int:child_id>/subject-access/",
        oversight.subject_access_download,
        name="subject-access",
    ),
    path("requests/<str:reference>/<slug:action>/", request.request_action, name="action"),
    path("checks/", partners.checks_list, name="checks"),
    path("checks/<int:check_id>/", partners.check_answer_page, name="check"),
    path("disagree/<str:reference>/", partners.disagree, name="disagree"),
    path("disagreements/<int:disagreement_id>/", partners.disagreement_resolve_page, name="resolve"),
]
