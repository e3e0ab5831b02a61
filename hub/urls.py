from django.contrib import admin
from django.urls import include, path

from hub import views
from hub.sign_in import views as sign_in_views

admin.site.site_header = "Support Hub administration"
admin.site.site_title = "Support Hub administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/authenticator/set-up/", sign_in_views.otp_enrol, name="otp-enrol"),
    path("sign-in/authenticator/", sign_in_views.otp_verify, name="otp-verify"),
    path("account/password/", sign_in_views.password_change, name="password-change"),
    path("healthz", views.healthz, name="healthz"),
    path("levels-of-need/", include("thresholds.urls")),
    path("requests/", include("requests_app.urls")),
    path("phone-referrals/", include("phone.urls")),
    path("triage/", include("triage.urls")),
    path("family-copy/", include("family.urls")),
    path("notifications/", include("notifications.urls")),
    path("reporting/", include("reporting.urls")),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("api/v1/", include("hub.api_urls")),
    path("admin/", admin.site.urls),
]
