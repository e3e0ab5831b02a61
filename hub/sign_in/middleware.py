"""Two checks on every signed-in request: the session is not too old, and the person has passed the
second factor."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

SIGNED_IN_AT = "support_hub_signed_in_at"

# Pages a person must reach before passing the second factor, or they could never pass it.
OPEN_BEFORE_SECOND_FACTOR = {"sign-in", "sign-out", "otp-enrol", "otp-verify", "healthz", "keep-alive"}


def session_stamp(request) -> None:
    """Start the absolute lifetime now. Called by the sign-in page; any other way into a session
    (force_login in tests, the admin's own login) is stamped on its first request."""
    request.session[SIGNED_IN_AT] = time.time()


class SessionLifetimeMiddleware:
    """Sign a person out once SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS have passed since they signed in.

    The 30-minute idle timeout restarts on every request, so on its own a busy or automated session
    would never end; a stolen session cookie would work all day.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                session_stamp(request)
            elif time.time() - started > settings.SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                hours = round(settings.SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS / 3600, 1)
                messages.info(request, f"You have been signed out because you signed in over {hours:g} hours ago.")
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SecondFactorMiddleware:
    """Send a signed-in person who has not yet typed a one-time code to type one, or to set up their
    authenticator app if they have none. Needs django_otp's OTPMiddleware before it.

    API clients using a token carry no session, so they are not signed in here and pass straight
    through; DRF authenticates them. A session without the second factor asking the API is sent to
    the verify page like any other request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SUPPORT_HUB_OTP_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        page = "otp-verify" if user_has_device(user, confirmed=True) else "otp-enrol"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
