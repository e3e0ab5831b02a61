from django.urls import path

from . import views

app_name = "requests"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("drafts/<uuid:draft_id>/", views.task_list, name="tasks"),
    path("drafts/<uuid:draft_id>/immediate-risk/", views.immediate_risk, name="immediate-risk"),
    path("drafts/<uuid:draft_id>/check/", views.check, name="check"),
    path("drafts/<uuid:draft_id>/send/", views.submit, name="submit"),
    path("drafts/<uuid:draft_id>/delete/", views.draft_delete, name="draft-delete"),
    path("drafts/<uuid:draft_id>/files/", views.attachment_upload, name="upload"),
    path("drafts/<uuid:draft_id>/files/<uuid:attachment_id>/remove/", views.attachment_remove, name="file-remove"),
    path("drafts/<uuid:draft_id>/<slug:key>/", views.section, name="section"),
    path("drafts/<uuid:draft_id>/<slug:key>/list/", views.item_list, name="list"),
    path("drafts/<uuid:draft_id>/<slug:key>/add/", views.section, {"adding": True}, name="add"),
    path("drafts/<uuid:draft_id>/<slug:key>/<int:index>/", views.section, name="item"),
    path("drafts/<uuid:draft_id>/<slug:key>/<int:index>/remove/", views.item_remove, name="remove"),
    path("files/<uuid:attachment_id>/", views.attachment_download, name="file"),
    path("<str:reference>/sent/", views.confirmation, name="confirmation"),
    path("<str:reference>/", views.detail, name="detail"),
]
