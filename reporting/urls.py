from django.urls import path

from . import dashboard_views, readiness_views, views

app_name = "reporting"
urlpatterns = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard/list/", dashboard_views.dashboard_list, name="dashboard-list"),
    path("annex-a/", views.annex_a_page, name="annex-a"),
    path("readiness/", readiness_views.readiness_page, name="readiness"),
    path("cin-census/", views.census_page, name="cin-census"),
    path("exports/<uuid:job_id>/", views.export_page, name="export"),
    path("exports/<uuid:job_id>/status/", views.export_status, name="export-status"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export-download"),
]
