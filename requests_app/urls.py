from django.urls import path

from .views import files, form, sent

app_name = "requests"
urlpatterns = [
    path("", sent.mine, name="mine"),
    path("new/", form.start, name="start"),
    path("drafts/<uuid:draft_id>/", form.task_list, name="tasks"),
    path("drafts/<uuid:draft_id>/immediate-risk/", form.immediate_risk, name="immediate-risk"),
    path("drafts/<uuid:draft_id>/check/", sent.check, name="check"),
    path("drafts/<uuid:draft_id>/send/", sent.submit, name="submit"),
    path("drafts/<uuid:draft_id>/coaching/accept/", sent.coaching_accept, name="coaching-accept"),
    path("drafts/<uuid:draft_id>/delete/", form.draft_discard, name="draft-delete"),
    path("drafts/<uuid:draft_id>/files/", files.attachment_upload, name="upload"),
    path("drafts/<uuid:draft_id>/files/<uuid:attachment_id>/remove/", files.attachment_remove, name="file-remove"),
    path("drafts/<uuid:draft_id>/<slug:key>/", form.section, name="section"),
    path("drafts/<uuid:draft_id>/<slug:key>/list/", form.item_list, name="list"),
    path("drafts/<uuid:draft_id>/<slug:key>/add/", form.section, {"adding": True}, name="add"),
    path("drafts/<uuid:draft_id>/<slug:key>/<int:index>/", form.section, name="item"),
    path("drafts/<uuid:draft_id>/<slug:key>/<int:index>/remove/", form.item_remove, name="remove"),
    path("files/<uuid:attachment_id>/", files.attachment_download, name="file"),
    path("<str:reference>/sent/", sent.confirmation, name="confirmation"),
    path("<str:reference>/questions/<int:question_id>/answer/", sent.question_reply, name="answer"),
    path("<str:reference>/", sent.detail, name="detail"),
]
