"""The referrer reads the copy and confirms they will share it: only then does it count as
shared, in the sharing log (rule 23) and the audit trail. Hub staff read and print it."""

import sys

import pytest

from family.models import FamilyCopyConfirmation
from family.services import family_copy_confirm
from hub.models import AuditEvent
from tests.helpers import client_for, fresh
from tests.request_factories import make_request, request_closed
from triage.models import SharingDecision

pytestmark = pytest.mark.django_db


def url(support_request, stage: str = "sent", then: str = "") -> str:
    return f"/family-copy/{support_request.reference}/{stage}/{then}"


def test_the_copy_counts_as_shared_only_once_the_referrer_confirms_it(staff) -> None:
    support_request = make_request(staff.rita)
    client = client_for(staff.rita)
    page = client.get(url(support_request)).content.decode()
    assert "I have read this copy and will share it with the family" in page
    assert not support_request.sharing.exists()

    unticked = client.post(url(support_request, then="confirm/"), {})
    assert unticked.status_code == 400 and "Confirm that you have read this copy" in unticked.content.decode()
    assert not support_request.sharing.exists()

    done = client.post(url(support_request, then="confirm/"), {"confirmed": "on"}, follow=True)
    assert "You confirmed that you will share this copy with the family" in done.content.decode()
    sharing = support_request.sharing.get()
    assert (sharing.decision, sharing.recipient, sharing.lawful_basis) == ("share", "The family", "consent")
    assert {"strengths", "worries", "child_words"} <= set(sharing.fields_shared)
    assert "history_since_csc" not in sharing.fields_shared and sharing.by == staff.rita
    assert "family" in sharing.purpose
    audited = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="family.familycopyconfirmation")
    assert audited.reference == support_request.reference and audited.actor == staff.rita
    page = client.get(url(support_request)).content.decode()
    assert "You confirmed on" in page and "I have read this copy" not in page


def test_a_double_submit_records_one_sharing(staff) -> None:
    support_request = make_request(staff.rita)
    client = client_for(staff.rita)
    for _ in range(2):
        assert client.post(url(support_request, then="confirm/"), {"confirmed": "on"}).status_code == 302
    _, again = family_copy_confirm(support_request=fresh(support_request), stage="sent", by=staff.rita)
    assert not again
    assert support_request.sharing.count() == 1 and FamilyCopyConfirmation.objects.count() == 1


def test_the_outcome_copy_is_a_second_sharing_of_its_own_once_the_referrer_has_the_outcome(staff) -> None:
    support_request = make_request(staff.rita)
    client = client_for(staff.rita)
    assert client.get(url(support_request, "outcome")).status_code == 404  # no outcome yet
    assert "with the outcome" not in client.get(f"/requests/{support_request.reference}/").content.decode()
    client.post(url(support_request, then="confirm/"), {"confirmed": "on"})
    closed = request_closed(staff, support_request)
    detail = client.get(f"/requests/{closed.reference}/").content.decode()
    assert f'href="{url(closed, "outcome")}"' in detail and f'href="{url(closed)}"' in detail
    assert "No further action by children" in client.get(url(closed, "outcome")).content.decode()
    client.post(url(closed, "outcome", "confirm/"), {"confirmed": "on"})
    assert list(FamilyCopyConfirmation.objects.order_by("pk").values_list("stage", flat=True)) == ["sent", "outcome"]
    assert SharingDecision.objects.filter(request=closed, recipient="The family").count() == 2


def test_hub_staff_read_and_print_the_copy_but_only_the_referrer_confirms_it(staff) -> None:
    support_request = make_request(staff.rita)
    worker = client_for(staff.harry)
    hub_page = worker.get(f"/triage/requests/{support_request.reference}/").content.decode()
    assert f'href="{url(support_request)}"' in hub_page
    page = worker.get(url(support_request)).content.decode()
    assert "Mum engages with school" in page and "data-print" in page
    assert "I have read this copy" not in page and "has not yet confirmed" in page
    assert worker.post(url(support_request, then="confirm/"), {"confirmed": "on"}).status_code == 404
    assert not support_request.sharing.exists()
    with pytest.raises(PermissionError):
        family_copy_confirm(support_request=support_request, stage="sent", by=staff.harry)
    reads = AuditEvent.objects.filter(
        actor=staff.harry, reference=support_request.reference, detail__family_copy="sent"
    )
    assert reads.filter(action=AuditEvent.Action.VIEW).exists()


def test_every_read_of_the_copy_and_its_pdf_is_audited(staff) -> None:
    support_request = make_request(staff.rita)
    client = client_for(staff.rita)
    client.get(url(support_request))
    response = client.get(url(support_request, then="pdf/"))
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="family-copy-{support_request.reference}-sent.pdf"'
    actions = AuditEvent.objects.filter(reference=support_request.reference, detail__family_copy="sent")
    assert set(actions.values_list("action", flat=True)) == {AuditEvent.Action.VIEW, AuditEvent.Action.DOWNLOAD}


def test_an_unknown_stage_is_a_missing_page_not_an_error(staff) -> None:
    support_request = make_request(staff.rita)
    client = client_for(staff.rita)
    for bad in ("draft", "SENT", "x" * 300):
        assert client.get(url(support_request, bad)).status_code == 404
        assert client.get(url(support_request, bad, "pdf/")).status_code == 404


def test_where_weasyprint_cannot_load_the_pdf_link_explains_instead_of_failing(staff, monkeypatch) -> None:
    support_request = make_request(staff.rita)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # an import of it now fails, as without Pango
    response = client_for(staff.rita).get(url(support_request, then="pdf/"), follow=True)
    assert response.redirect_chain[-1][0] == url(support_request)
    assert "The PDF cannot be made on this server just now" in response.content.decode()
