from django.urls import path

from . import views

app_name = "family"
urlpatterns = [
    path("<str:reference>/<slug:stage>/", views.copy_page, name="copy"),
    path("<str:reference>/<slug:stage>/pdf/", views.copy_pdf, name="pdf"),
    path("<str:reference>/<slug:stage>/confirm/", views.copy_confirm, name="confirm"),
]
