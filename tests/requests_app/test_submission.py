import pytest
from django import forms
from django.core import mail
from django.test import Client

from consent.models import ConsentRecord
from deadlines.models import Deadline
from hub.models import AuditEvent
from hub.roles import Role
from lib.form_copies import KeptChoices
from notifications.models import Notification
from notifications.sending import notification_send
from requests_app.level_forms import FACT_FIELDS
from requests_app.models import Child, HouseholdMember, RequestDraft, RequestForSupport
from requests_app.sections import sections_validate
from requests_app.services import submission
from tests.factories import persona

from . import payloads
from .conftest import fill_draft

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_referrer_completes_the_form_and_gets_a_reference(
    rita_client, rita, django_capture_on_commit_callbacks
) -> None:
    draft_id = fill_draft(rita_client)
    assert rita_client.get(f"/requests/drafts/{draft_id}/check/").status_code == 200
    response = rita_client.post(f"/requests/drafts/{draft_id}/send/")
    support_request = RequestForSupport.objects.get()
    assert response["Location"] == f"/requests/{support_request.reference}/sent/"
    assert support_request.reference.startswith("RFS-") and len(support_request.reference) == 13
    assert support_request.status == "submitted"
    assert support_request.referrer == rita and support_request.area.slug == "lancashire"
    assert support_request.framework_version == support_request.area.framework.current_version()
    assert support_request.cin_referral_source == "2A"  # a school
    page = rita_client.get(response["Location"]).content.decode()
    assert support_request.reference in page and "within one working day" in page
    # The acknowledgement is a row written with the request; a worker sends it.
    acknowledgement = Notification.objects.get(kind="acknowledgement")
    assert acknowledgement.email == "rita@example.org" and acknowledgement.sent_at is None
    assert notification_send(notification_id=acknowledgement.pk) is True
    assert support_request.reference in mail.outbox[0].subject
    assert "Ava" not in mail.outbox[0].body  # no child's details in email
    assert notification_send(notification_id=acknowledgement.pk) is False  # and only once


def test_submitting_starts_the_one_working_day_decision_clock(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    support_request = RequestForSupport.objects.get()
    clock = Deadline.objects.get(request=support_request, kind="contact_decision")
    assert clock.state == "open" and clock.unit == "1 working day"
    assert clock.started_at == support_request.received_at
    assert clock.due_at > support_request.received_at


def test_a_double_click_on_send_makes_one_request(rita_client) -> None:
    draft_id = fill_draft(rita_client)
    first = rita_client.post(f"/requests/drafts/{draft_id}/send/")
    second = rita_client.post(f"/requests/drafts/{draft_id}/send/")
    assert RequestForSupport.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_several_children_in_one_request_are_kept_in_order(rita_client) -> None:
    children = [payloads.child("Ava", age=9), payloads.child("Ben", age=6), payloads.unborn_child("Smith")]
    draft_id = fill_draft(rita_client, children=children)
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    names = list(Child.objects.order_by("position").values_list("first_name", "unborn"))
    assert names == [("Ava", False), ("Ben", False), ("Unborn baby", True)]


def test_an_unborn_child_needs_an_expected_date_and_no_date_of_birth(rita_client) -> None:
    rita_client.post("/requests/new/")
    draft = RequestDraft.objects.get()
    bad = payloads.unborn_child()
    bad.update(payloads.date_parts("expected_date", None))
    html = rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", bad, follow=True).content.decode()
    assert "Enter the expected date of birth" in html
    good = rita_client.post(f"/requests/drafts/{draft.pk}/children/0/", payloads.unborn_child())
    assert good.status_code == 302


def test_the_record_keeps_an_unborn_child_with_its_expected_date(rita_client) -> None:
    draft_id = fill_draft(rita_client, children=[payloads.unborn_child("Jones")])
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    baby = Child.objects.get()
    assert baby.unborn and baby.date_of_birth is None and baby.expected_date is not None


def test_a_failure_half_way_through_submitting_leaves_nothing_behind(rita_client, monkeypatch) -> None:
    draft_id = fill_draft(rita_client)

    def explode(**kwargs):
        raise RuntimeError("disk full")

    # Fails after the request, children, household, consent, clock, audit and acknowledgement rows are written.
    monkeypatch.setattr(submission, "notifications_send_when_committed", explode)
    client = Client(raise_request_exception=False)
    client.force_login(RequestDraft.objects.get().owner)
    assert client.post(f"/requests/drafts/{draft_id}/send/").status_code == 500
    for model in (RequestForSupport, Child, HouseholdMember, ConsentRecord, Deadline, Notification):
        assert not model.objects.exists(), model
    assert not AuditEvent.objects.filter(object_type="requests_app.requestforsupport").exists()
    assert RequestDraft.objects.filter(pk=draft_id).exists()  # the draft is not lost
    monkeypatch.undo()
    assert rita_client.post(f"/requests/drafts/{draft_id}/send/").status_code == 302
    assert RequestForSupport.objects.count() == 1


def test_an_incomplete_draft_cannot_be_sent(rita_client) -> None:
    rita_client.post("/requests/new/")
    draft = RequestDraft.objects.get()
    response = rita_client.post(f"/requests/drafts/{draft.pk}/send/")
    assert response["Location"] == f"/requests/drafts/{draft.pk}/check/"
    assert not RequestForSupport.objects.exists()


def test_creating_a_request_is_audited_without_personal_details(rita_client, rita) -> None:
    draft_id = fill_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    event = AuditEvent.objects.get(action="create", object_type="requests_app.requestforsupport")
    assert event.actor == rita and event.reference == RequestForSupport.objects.get().reference
    assert "Ava" not in str(event.detail)


def test_nobody_else_can_open_or_send_a_referrers_draft(rita_client, db) -> None:
    draft_id = fill_draft(rita_client)
    other = Client()
    other.force_login(persona(Role.REFERRER, username="rob"))
    assert other.get(f"/requests/drafts/{draft_id}/").status_code == 404
    assert other.post(f"/requests/drafts/{draft_id}/send/").status_code == 404
    hub = Client()
    hub.force_login(persona(Role.HUB_WORKER))
    assert hub.get(f"/requests/drafts/{draft_id}/").status_code == 403


def test_going_back_to_a_sent_draft_leads_to_the_request_not_a_refusal(rita_client, db) -> None:
    draft_id = fill_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    sent = RequestForSupport.objects.get()
    for page in ("", "check/", "worries/"):
        response = rita_client.get(f"/requests/drafts/{draft_id}/{page}")
        assert (response.status_code, response["Location"]) == (302, sent.get_referrer_url()), page


def test_the_chosen_area_is_read_with_its_framework_and_a_slug_holding_a_nul_is_no_area() -> None:
    """area_of is compiled once (lib/compiled.py) and reads whatever a draft or a payload holds:
    PostgreSQL cannot compare text holding a NUL, so such a slug is no area rather than a 500."""
    from requests_app.sections import area_of

    lancashire = area_of({"area": {"area": ["lancashire"]}})
    assert lancashire.slug == "lancashire" and lancashire.framework.name and lancashire.version_id
    assert area_of({"area": {"area": ["lanca\x00shire"]}}) is None
    assert area_of({"area": {"area": ["nowhere"]}}) is None


def _state(value):
    """A field or widget as it stands: its attributes, with its parts and their widgets followed and
    every list and dictionary it holds copied, so a change made in place shows too."""
    if isinstance(value, forms.Field | forms.Widget):
        return type(value), {name: _state(held) for name, held in vars(value).items()}
    if isinstance(value, dict):
        return {key: _state(held) for key, held in value.items()}
    if isinstance(value, list | tuple):
        return [_state(held) for held in value]
    return value


def _section_form_classes() -> list[type]:
    classes, found = [KeptChoices], []
    while classes:
        cls = classes.pop()
        found.append(cls)
        classes.extend(cls.__subclasses__())
    return found


SECTION_FORMS = _section_form_classes()


def _shared_fields() -> dict:
    """Every field a form may share with others: each section form class's, and the indicator form's facts."""
    return {
        **{(cls.__qualname__, name): _state(field) for cls in SECTION_FORMS for name, field in cls.base_fields.items()},
        **{("facts", name): _state(field) for name, field in FACT_FIELDS.items()},
    }


# Taken as the tests are collected, before any test has built a form.
AS_DECLARED = _shared_fields()


def test_validating_drafts_leaves_every_shared_field_as_declared_for_the_next_page_drawn(rita_client, rita) -> None:
    # A submission's forms read their classes' own fields rather than copies (lib/form_copies.py):
    # a form that changed one as it was built (the consent form's grounds, the area form's known
    # area), or a field that noted something on itself as it was validated (a date's parts, their
    # errors), would change it for every page drawn after, in every request the process serves.
    incomplete = rita_client.post("/requests/new/")["Location"].split("/")[3]
    draft_id = fill_draft(rita_client, consent=payloads.consent_override())
    assert rita_client.post(f"/requests/drafts/{incomplete}/send/")["Location"].endswith("/check/")
    assert rita_client.post(f"/requests/drafts/{draft_id}/send/").status_code == 302
    assert RequestForSupport.objects.get().consent.override_grounds == ["significant_harm"]
    partly_dated = payloads.child(date_of_birth_0="", date_of_birth_1="3", date_of_birth_2="2015")
    refused = sections_validate(payloads.sections(children=[partly_dated]), rita)
    assert refused.errors["children[0].date_of_birth"]
    assert _shared_fields() == AS_DECLARED
