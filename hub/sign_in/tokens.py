"""API tokens (django-rest-knox), checked in one query per call.

knox's own TokenAuthentication reads the token with its person, then reads every other token of
that person to delete the expired ones: two queries on every call a partner system makes. Here
the token comes with its person and their agency (the submission's census source asks for it),
an expired token is refused and deleted when it is used, as knox does, and the other expired
tokens are deleted by a daily task (`hub.sign_in.services.api_tokens_delete_expired`) rather than on every call.
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from hub.models import Agency, User
from lib.compiled import CompiledModels


def _candidates(token_key: str):
    return AuthToken.objects.filter(token_key=token_key)


# Every call a partner system makes asks: compiled once per process (lib/compiled.py), the token
# read with every field of its person and their agency, as select_related would.
_CANDIDATES = CompiledModels(
    AuthToken,
    _candidates,
    fields=[
        *(f.name for f in AuthToken._meta.concrete_fields),
        *(f"user__{f.name}" for f in User._meta.concrete_fields),
        *(f"user__agency__{f.name}" for f in Agency._meta.concrete_fields),
    ],
)


class TokenAuthentication(auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        invalid = _("Invalid token.")
        try:
            token = token.decode("utf-8")
        except UnicodeDecodeError:
            # Bytes that are not text cannot be a token we issued: a 401, not a server error.
            raise exceptions.AuthenticationFailed(invalid) from None
        if "\x00" in token:  # no token we issue holds one, and PostgreSQL cannot compare text that does
            raise exceptions.AuthenticationFailed(invalid)
        for auth_token in _CANDIDATES.instances(token[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if self._expired(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(invalid) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:  # off here, kept as knox has it
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(invalid)

    def _expired(self, auth_token: AuthToken) -> bool:
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI document names our token check as it named knox's: `Authorization: Token ...`."""

    target_class = TokenAuthentication
