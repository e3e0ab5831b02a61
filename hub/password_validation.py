"""Password rules beyond Django's own validators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class VarietyValidator:
    """Refuse passwords made of a few characters repeated, like `aaaaaaaaaaaa`.

    Django's length and common-password checks both pass such a password, yet it is the first thing
    a guessing attack tries.
    """

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        if len(set(password.lower())) < self.min_distinct:
            raise ValidationError(
                _("Use at least %(count)d different characters in your password."),
                code="password_too_repetitive",
                params={"count": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return _("Your password must use at least %(count)d different characters.") % {"count": self.min_distinct}
