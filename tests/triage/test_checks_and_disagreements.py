import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from deadlines.calendar import LONDON
from hub.models import Agency
from hub.roles import Role
from notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import client_for
from triage import services
from triage.models import SharingDecision
from triage.selectors import checks_for_officer
from triage.services import TransitionRefused, checks, disagreements


@pytest.fixture
def police(staff):
    return staff.paula.agency


def test_a_partner_officer_sees_only_the_checks_for_their_agency(staff, submitted, police) -> None:
    school = Agency.objects.get(name="Ribble Valley Primary School")
    mine = checks.check_request(request=submitted, agency=police, question="Any call-outs?", rag="red", by=staff.harry)
    checks.check_request(request=submitted, agency=school, question="Attendance?", rag="green", by=staff.harry)
    assert list(checks_for_officer(staff.paula)) == [mine]
    client = client_for(staff.paula)
    assert client.get(f"/triage/checks/{mine.pk}/").status_code == 200
    other = submitted.checks.get(agency=school)
    assert client.get(f"/triage/checks/{other.pk}/").status_code == 404


# The clock is stopped, so the moment the check is asked and the moment its due
# time is counted from are the same: 4 hours exactly, with no tolerance.
@time_machine.travel(dt.datetime(2026, 11, 18, 11, 0, tzinfo=LONDON), tick=False)
def test_a_red_check_is_due_in_hours_and_green_in_working_days(staff, submitted, police) -> None:
    red = checks.check_request(request=submitted, agency=police, question="q", rag="red", by=staff.harry)
    green = checks.check_request(request=submitted, agency=police, question="q", rag="green", by=staff.harry)
    assert red.due_at - red.asked_at == dt.timedelta(hours=4)
    assert green.due_at > red.due_at


def test_sharing_and_refusing_are_both_recorded_with_reasons(staff, submitted, police) -> None:
    first = checks.check_request(request=submitted, agency=police, question="q1", rag="amber", by=staff.harry)
    second = checks.check_request(request=submitted, agency=police, question="q2", rag="amber", by=staff.harry)
    with pytest.raises(TransitionRefused, match="Give your reasons"):
        checks.check_answer(
            check=first, by=staff.paula, share=False, response="", reasons="", lawful_basis="public_task"
        )
    checks.check_answer(
        check=first,
        by=staff.paula,
        share=True,
        response="Two DA call-outs",
        reasons="Relevant to risk",
        lawful_basis="public_task",
    )
    checks.check_answer(
        check=second,
        by=staff.paula,
        share=False,
        response="",
        reasons="Live investigation",
        lawful_basis="legal_obligation",
    )
    log = list(SharingDecision.objects.order_by("pk").values_list("decision", "reasons", "lawful_basis"))
    assert log == [
        ("share", "Relevant to risk", "public_task"),
        ("not_share", "Live investigation", "legal_obligation"),
    ]
    with pytest.raises(TransitionRefused, match="already been answered"):
        checks.check_answer(
            check=first, by=staff.paula, share=True, response="x", reasons="x", lawful_basis="public_task"
        )


def test_another_agency_cannot_answer(staff, submitted, police) -> None:
    check = checks.check_request(request=submitted, agency=police, question="q", rag="amber", by=staff.harry)
    nurse = UserFactory(
        username="nurse",
        area=submitted.area,
        role=Role.PARTNER_OFFICER,
        agency=Agency.objects.get(name="Ribble Valley Primary School"),
    )
    with pytest.raises(PermissionDenied):
        checks.check_answer(check=check, by=nurse, share=True, response="x", reasons="x", lawful_basis="public_task")


def test_a_disagreement_is_escalated_and_never_pauses_the_case(staff, submitted) -> None:
    disagreement = disagreements.disagreement_raise(
        request=submitted, by=staff.rita, evidence="The bruising pattern is new"
    )
    assert Notification.objects.filter(recipient=staff.tom, kind="escalation").exists()
    services.triage_begin(request=submitted, by=staff.harry)  # the case moves on regardless
    submitted.refresh_from_db()
    assert submitted.status == "triage_step"
    with pytest.raises(TransitionRefused, match="whether the actions changed"):
        disagreements.disagreement_resolve(
            disagreement=disagreement, by=staff.tom, outcome="Reviewed", actions_changed=None
        )
    disagreements.disagreement_resolve(
        disagreement=disagreement, by=staff.tom, outcome="Strategy discussion held", actions_changed=True
    )
    disagreement.refresh_from_db()
    assert (disagreement.status, disagreement.actions_changed) == ("resolved", True)


def test_only_the_referrer_or_a_consulted_partner_can_disagree(staff, submitted) -> None:
    with pytest.raises(PermissionDenied):
        disagreements.disagreement_raise(request=submitted, by=staff.paula, evidence="x")
    checks.check_request(request=submitted, agency=staff.paula.agency, question="q", rag="amber", by=staff.harry)
    assert disagreements.disagreement_raise(request=submitted, by=staff.paula, evidence="We know more").pk
