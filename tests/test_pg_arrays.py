"""Batches go to PostgreSQL as one array literal per column (lib/pg_arrays.py). Whatever a
message says, it must come back exactly as written: quotes, backslashes, braces, commas,
the word NULL, an empty string, and text in any script."""

import pytest
from django.db import connection

from lib.pg_arrays import int_array, text_array
from notifications.models import Notification
from notifications.services import Outgoing, notifications_create_many

AWKWARD = [
    'She said "not today"',
    r"C:\Users\school\notes \" \\",
    "{braces}, and, commas",
    "NULL",
    "",
    "  spaces kept  ",
    "Line one\nLine two\ttabbed",
    "Siân, Zoë and Łukasz: 😀",
]


@pytest.mark.django_db
def test_text_and_numbers_come_back_from_postgresql_exactly_as_sent() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[], %s::bigint[]", [text_array([*AWKWARD, None]), int_array([1, None, 2**40])])
        texts, numbers = cursor.fetchone()
    assert texts == [*AWKWARD, None]
    assert numbers == [1, None, 2**40]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column",
    [[], [""], ["only one"], AWKWARD, ["Plain text, with commas", "and {braces}", "NULL", ""]],
    ids=["none", "one empty", "one", "awkward", "nothing to escape"],
)
def test_a_column_without_nulls_comes_back_exactly_as_sent(column) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [text_array(column)])
        assert cursor.fetchone()[0] == column


@pytest.mark.parametrize("value", ["2); DROP TABLE x; --", " 7 ", "12", 3.9])
def test_a_number_array_refuses_anything_that_is_not_an_integer(value) -> None:
    with pytest.raises(TypeError):
        int_array([1, value])


@pytest.mark.django_db
def test_messages_written_in_bulk_reach_the_outbox_as_written() -> None:
    notifications_create_many(
        [
            Outgoing(None, f"person{n}@example.org", "reminder", text[:200], f"Body: {text}", "/x/", f"key-{n}")
            for n, text in enumerate(AWKWARD)
        ]
    )
    written = {n.dedupe_key: n for n in Notification.objects.all()}
    for n, text in enumerate(AWKWARD):
        assert written[f"key-{n}"].subject == text
        assert written[f"key-{n}"].body == f"Body: {text}"
        assert written[f"key-{n}"].recipient_id is None
