"""New rows of several tables are numbered in one query and written in one batch (lib/new_rows.py):
they must come back exactly as written, take their ids from their own tables' sequences, and a
failure anywhere in the batch must leave none of them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from hub.models import Area, AuditEvent
from hub.roles import Role
from lib.new_rows import rows_insert, rows_number
from notifications.models import Notification
from requests_app.models import Child, HouseholdMember, RequestForSupport
from tests.factories import persona
from tests.helpers import round_trips_counted
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db

AWKWARD = 'O\'Brien; DROP TABLE x; -- 100% "sure" \\ {a,b} 😀'


def _family(template: RequestForSupport) -> tuple[RequestForSupport, list[Child], list[HouseholdMember]]:
    request = RequestForSupport.objects.get(pk=template.pk)
    request.pk, request.id, request.reference, request._state.adding = None, None, "RFS-NEW-ROWS", True
    children = [
        Child(
            request=request,
            position=n,
            first_name=name,
            last_name=AWKWARD,
            address="1 Road",
            unborn=False,
            date_of_birth=dt.date(2019, 5, 1),
        )
        for n, name in enumerate(["Ava", "Ben", "Cal"])
    ]
    household = [HouseholdMember(request=request, position=0, name=AWKWARD, relationship="Mother")]
    return request, children, household


@pytest.fixture
def template():
    return make_request(persona(Role.REFERRER, area=Area.objects.get(slug="luton")))


def test_rows_of_several_tables_come_back_as_written_with_ids_from_their_own_sequences(template) -> None:
    request, children, household = _family(template)
    with round_trips_counted() as trips:
        rows_number([request, *children])
        note = Notification(kind=Notification.Kind.WORK, subject=AWKWARD, body="b", dedupe_key="new-rows")
        rows_number([note])
        rows_insert([request, *children, *household, note])
    # One round trip for each numbering and one for the whole batch, however many rows and tables.
    assert [len(trip) for trip in trips] == [1, 1, 4]
    assert request.pk > template.pk and [c.pk for c in children] == sorted(c.pk for c in children)
    stored = RequestForSupport.objects.get(reference="RFS-NEW-ROWS")
    assert stored.pk == request.pk and stored.area_id == template.area_id
    assert [(c.pk, c.first_name, c.last_name) for c in stored.children.order_by("position")] == [
        (c.pk, c.first_name, AWKWARD) for c in children
    ]
    assert stored.household.get().name == AWKWARD
    assert Notification.objects.get(pk=note.pk).subject == AWKWARD
    # The sequences moved on: the next ordinary row takes a later id, never one of these.
    assert make_request(template.referrer).pk > request.pk
    assert not request._state.adding and request._state.db == "default"


def test_rows_left_unnumbered_take_their_ids_from_the_database(template) -> None:
    before = AuditEvent.objects.count()
    event = AuditEvent(action=AuditEvent.Action.VIEW, object_type="x", object_id="1", reference="R")
    rows_insert([event, AuditEvent(action=AuditEvent.Action.VIEW, object_type="x", object_id="2", reference="R")])
    assert AuditEvent.objects.count() == before + 2


def test_a_table_with_some_rows_numbered_and_some_not_is_refused(template) -> None:
    request, children, _ = _family(template)
    rows_number([request, children[0]])
    with pytest.raises(ValueError, match="Child"):
        rows_insert([request, *children])
    assert not RequestForSupport.objects.filter(reference="RFS-NEW-ROWS").exists()


def test_a_failure_anywhere_in_the_batch_leaves_none_of_its_rows(template) -> None:
    request, children, household = _family(template)
    rows_number([request, *children])
    children[2].pk = children[0].pk  # the third child's row collides with the first's
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert([request, *children, *household])
    assert not RequestForSupport.objects.filter(reference="RFS-NEW-ROWS").exists()
    assert not Child.objects.filter(last_name=AWKWARD).exists()
    assert not HouseholdMember.objects.filter(name=AWKWARD).exists()


def test_a_model_whose_id_is_not_drawn_from_a_sequence_is_refused() -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    with pytest.raises(TypeError, match="Session"):
        rows_insert([Session(session_key="k" * 32, session_data="", expire_date=timezone.now())])
    assert not Session.objects.filter(session_key="k" * 32).exists()
