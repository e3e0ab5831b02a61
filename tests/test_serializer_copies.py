"""The API's input serializers copy their declared fields for each request without building them
again (lib/serializer_copies.py): each request's fields still answer to its own serializer, and
one request's problems never appear in another's answer."""

import copy

from requests_app.api.serializers import EXAMPLE, RequestIn


def _payload(**child_changes) -> dict:
    payload = copy.deepcopy(EXAMPLE)
    second = {**payload["children"][0], "first_name": "Ben", **child_changes}
    payload["children"] = [payload["children"][0], second]
    return payload


def test_each_request_binds_its_own_copy_of_every_nested_field() -> None:
    first, second = RequestIn(data=_payload()), RequestIn(data=_payload())
    for serializer in (first, second):
        children = serializer.fields["children"]
        assert children.root is serializer and children.child.root is serializer
        assert serializer.fields["referrer"].fields["name"].root is serializer
    assert first.fields["consent"] is not second.fields["consent"]
    assert first.fields["children"].child is not second.fields["children"].child
    assert first.fields["children"].child is not RequestIn._declared_fields["children"].child


def test_requests_checked_in_turn_each_get_their_own_problems() -> None:
    broken = RequestIn(data=_payload(date_of_birth="not a date"))
    sound = RequestIn(data=_payload())
    assert not broken.is_valid()
    assert sound.is_valid(), sound.errors
    again = RequestIn(data=_payload(date_of_birth="not a date"))
    assert not again.is_valid()
    for errors in (broken.errors, again.errors):
        assert list(errors) == ["children"] and list(errors["children"]) == [1]  # the second child only
        assert list(errors["children"][1]) == ["date_of_birth"]
    assert [child["first_name"] for child in sound.validated_data["children"]] == [
        EXAMPLE["children"][0]["first_name"],
        "Ben",
    ]
