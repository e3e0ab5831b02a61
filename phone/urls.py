from django.urls import path

from . import views

app_name = "phone"
urlpatterns = [
    path("", views.phone_referral_list, name="list"),
    path("new/", views.phone_referral_new, name="new"),
    path("<str:reference>/", views.phone_referral_detail, name="detail"),
    path("<str:reference>/match/", views.phone_referral_match, name="match"),
]
