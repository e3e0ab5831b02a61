"""The hub asks the referrer for more information and the referrer answers in the service; the
decision clock keeps running meanwhile."""

from deadlines.models import Deadline
from notifications.models import Notification
from requests_app.models import Question
from tests.helpers import client_for
from tests.request_factories import request_in_triage_step


def test_the_hub_asks_and_the_referrer_answers_in_the_service(staff) -> None:
    support_request = request_in_triage_step(staff)
    clock = support_request.deadlines.get(kind=Deadline.Kind.CONTACT_DECISION)
    worker = client_for(staff.harry)
    worker.post(f"/triage/requests/{support_request.reference}/ask/", {"ask-text": "Has the school nurse seen Ava?"})
    question = Question.objects.get(request=support_request)
    asked = Notification.objects.get(recipient=staff.rita, subject__contains="has a question")
    assert "Ava" not in asked.body  # the email names no child
    assert (
        "Questions the referrer has not answered:</strong> 1"
        in worker.get(f"/triage/requests/{support_request.reference}/").content.decode()
    )
    referrer = client_for(staff.rita)
    page = referrer.get(f"/requests/{support_request.reference}/").content.decode()
    assert "Has the school nurse seen Ava?" in page
    referrer.post(
        f"/requests/{support_request.reference}/questions/{question.pk}/answer/", {"answer": "Yes, on Monday"}
    )
    question.refresh_from_db()
    assert (question.answer, question.answered_at is not None) == ("Yes, on Monday", True)
    assert Notification.objects.filter(recipient=staff.harry, subject__contains="answered your question").exists()
    # The clock was noted, not paused.
    assert Deadline.objects.get(pk=clock.pk).due_at == clock.due_at and clock.state == Deadline.State.OPEN


def test_only_the_referrer_answers(staff) -> None:
    support_request = request_in_triage_step(staff)
    client_for(staff.harry).post(f"/triage/requests/{support_request.reference}/ask/", {"ask-text": "Who else knows?"})
    question = Question.objects.get(request=support_request)
    response = client_for(staff.paula).post(
        f"/requests/{support_request.reference}/questions/{question.pk}/answer/", {"answer": "x"}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.answered_at is None
