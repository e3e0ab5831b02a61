"""What signing in changes: second-factor devices, passwords and API tokens."""

from datetime import datetime, timedelta

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from knox.settings import knox_settings

from hub.models import User

DEVICE_NAME = "Authenticator app"


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device a person is enrolling, made on their first visit and kept until they
    type a code from it, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device if `token` is its current code. Only then does it count as a second factor."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def api_token_issue(*, user: User, days: int | None = None) -> str:
    """Issue a token and return it. Only its digest is stored: this is the one time it can be read."""
    # Always pass an expiry: knox reads expiry=None as "never expires".
    expiry = timedelta(days=days) if days is not None else knox_settings.TOKEN_TTL
    _, token = AuthToken.objects.create(user=user, expiry=expiry)
    return token


def api_tokens_revoke(*, user: User) -> int:
    """Revoke every API token the person has. Returns how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def api_tokens_delete_expired(*, now: datetime | None = None) -> int:
    """Delete every expired token. Each is refused anyway; this keeps them from piling up, which
    knox did by reading all of a person's tokens on every call they made (hub/sign_in/tokens.py)."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def user_password_change(*, request: HttpRequest, user: User, password: str) -> None:
    """Change the password and sign the person out everywhere else.

    Django signs out every other session of theirs because each session carries a hash of the old
    password; this one is kept by re-hashing it. API tokens do not carry that hash, so they go too.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    api_tokens_revoke(user=user)
