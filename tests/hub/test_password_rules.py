"""Which passwords the service accepts (AUTH_PASSWORD_VALIDATORS)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db


def refusal(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def test_a_long_varied_uncommon_password_is_accepted() -> None:
    assert refusal("Plum tree orchard 1987 winter") == []


def test_eleven_characters_are_too_few() -> None:
    assert refusal("Plum tree o1") == []
    assert "password_too_short" in refusal("Plumtree o1")


def test_a_common_password_is_refused_however_long() -> None:
    assert "password_too_common" in refusal("password1234")


def test_digits_alone_are_refused() -> None:
    assert "password_entirely_numeric" in refusal("492817365019")


def test_a_password_like_the_username_is_refused() -> None:
    harry = persona(Role.HUB_WORKER, username="harry.osei-mash")
    assert "password_too_similar" in refusal("harry.osei-mash1", harry)


def test_a_few_characters_repeated_are_refused() -> None:
    assert "password_too_repetitive" in refusal("abababababab")
