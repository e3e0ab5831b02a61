from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("annex-a/", views.annex_a_page, name="annex-a"),
    path("readiness/", views.readiness_page, name="readiness"),
]
