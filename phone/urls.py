from django.urls import path

from . import phone

app_name = "phone"
urlpatterns = [
    path("", phone.phone_referral_list, name="list"),
    path("new/", phone.phone_referral_new, name="new"),
    path("<str:reference>/", phone.phone_referral_detail, name="detail"),
    path("<str:reference>/match/", phone.phone_referral_match, name="match"),
]
