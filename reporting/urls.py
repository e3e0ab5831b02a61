from django.urls import path

from . import dashboard_views, views

app_name = "reporting"
urlpatterns = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard/list/", dashboard_views.dashboard_list, name="dashboard-list"),
    path("annex-a/", views.annex_a_page, name="annex-a"),
]
