from django.urls import path

from . import views

app_name = "thresholds"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:area_slug>/", views.glance, name="glance"),
]
