"""The pages around signing in: locked out, the second factor, and changing a password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm, GovukPasswordChangeForm
from .qr import qr_code_data_uri, secret_for_typing
from .services import totp_device_confirm, totp_device_for_enrolment, user_password_change


def _next_page(request: HttpRequest) -> str:
    """Where to go after the second factor: the page they asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@login_not_required
def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes answers with this page once a username or address has too many failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT, "page_title": "Sign in"}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


@never_cache
def otp_enrol(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_page(request))
    if user_has_device(request.user, confirmed=True):
        # A confirmed device is changed only by an administrator: otherwise a stolen password alone
        # could enrol the thief's phone.
        return redirect(f"{reverse('otp-verify')}?{request.GET.urlencode()}")
    device = totp_device_for_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, "Your authenticator app is set up. You will need a code from it each time.")
            return redirect(_next_page(request))
        form.code_refused()
    context = {
        "form": form,
        "qr_code": qr_code_data_uri(device.config_url),
        "secret": secret_for_typing(device.bin_key),
        "next": _next_page(request),
        "page_title": "Set up your authenticator app",
    }
    return render(request, "registration/otp_enrol.html", context)


@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_page(request))
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('otp-enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # verify_token locks the device row, so its throttle holds against parallel guesses.
        code = form.cleaned_data["code"]
        device = next((d for d in devices if otp_verify_token(request.user, d.persistent_id, code)), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_next_page(request))
        form.code_refused()
    context = {"form": form, "next": _next_page(request), "page_title": "Enter the code from your authenticator app"}
    return render(request, "registration/otp_verify.html", context)


@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    form = GovukPasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        user_password_change(request=request, user=request.user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password has been changed. You have been signed out everywhere else.")
        return redirect("home")
    return render(request, "registration/password_change.html", {"form": form, "page_title": "Change your password"})
