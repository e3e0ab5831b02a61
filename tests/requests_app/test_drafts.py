import datetime as dt
import io
import re
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import Notification
from requests_app.models import Attachment, RequestDraft, RequestForSupport
from requests_app.services import drafts_delete_expired, drafts_warn_expiring

from . import payloads
from .conftest import fill_draft

pytestmark = pytest.mark.django_db


def new_draft(client) -> RequestDraft:
    client.post("/requests/new/")
    return RequestDraft.objects.latest("created_at")


def test_answers_are_saved_at_every_continue_and_the_draft_resumes_from_my_requests(rita_client) -> None:
    draft = new_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft.pk}/about_you/", {**payloads.ABOUT_YOU, "continue": ""})
    mine = rita_client.get("/requests/").content.decode()
    assert f"/requests/drafts/{draft.pk}/" in mine
    tasks = rita_client.get(f"/requests/drafts/{draft.pk}/").content.decode()
    assert "You have completed 1 of 9 sections" in tasks
    page = rita_client.get(f"/requests/drafts/{draft.pk}/about_you/").content.decode()
    assert 'value="Sam Head, headteacher"' in page


def test_a_validation_error_keeps_every_answer_and_shows_a_gov_uk_error_summary(rita_client) -> None:
    draft = new_draft(rita_client)
    bad = {**payloads.WORRIES, "worries": "", "continue": ""}
    response = rita_client.post(f"/requests/drafts/{draft.pk}/worries/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "govuk-error-summary" in html
    assert 'href="#id_worries"' in html and "Describe what you are worried about" in html
    assert "Breakfast club and a meeting with mum." in html  # what they typed is still there
    draft.refresh_from_db()
    assert draft.data["worries"]["impact"] == ["She is tired and withdrawn in class."]  # and saved on the server


def test_save_and_come_back_later_keeps_unfinished_answers(rita_client) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/worries/", {"worries": "Half a thought", "save_and_return": "1"}
    )
    assert response["Location"] == f"/requests/drafts/{draft.pk}/"
    page = rita_client.get(f"/requests/drafts/{draft.pk}/worries/").content.decode()
    assert "Half a thought" in page and "govuk-error-summary" not in page


def test_the_area_is_suggested_from_the_childs_postcode(rita_client) -> None:
    draft = new_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", payloads.child(postcode="LU2 0AB"))
    page = rita_client.get(f"/requests/drafts/{draft.pk}/area/").content.decode()
    radios = {
        re.search(r'value="([^"]+)"', tag).group(1): "checked" in tag
        for tag in re.findall(r"<input[^>]*>", page)
        if 'name="area"' in tag
    }
    assert radios["luton"] is True
    assert [slug for slug, checked in radios.items() if checked] == ["luton"]


def test_a_lancashire_level_3_request_without_an_eha_is_warned_but_not_blocked(rita_client) -> None:
    draft_id = fill_draft(rita_client, level="3")
    RequestDraft.objects.filter(pk=draft_id).update(
        data={
            **RequestDraft.objects.get(pk=draft_id).data,
            "worries": {**{k: [v] for k, v in payloads.WORRIES.items()}, "prior_eha": ["no"]},
        }
    )
    page = rita_client.get(f"/requests/drafts/{draft_id}/level/").content.decode()
    assert "expects an Early Help Assessment or CAF" in page
    assert rita_client.post(f"/requests/drafts/{draft_id}/send/").status_code == 302
    assert RequestForSupport.objects.get().level_requested == 3


def test_the_eha_warning_never_shows_when_immediate_risk_is_flagged(rita_client) -> None:
    draft_id = fill_draft(rita_client, level="3")
    draft = RequestDraft.objects.get(pk=draft_id)
    draft.data["worries"]["prior_eha"] = ["no"]
    draft.data["start"] = {"immediate_risk": ["yes"]}
    draft.save()
    assert (
        "expects an Early Help Assessment"
        not in rita_client.get(f"/requests/drafts/{draft_id}/level/").content.decode()
    )


def test_the_suggested_level_is_shown_as_advice_with_its_reasons(rita_client) -> None:
    draft_id = fill_draft(rita_client, indicators={"fact_missing_episodes_90_days": "4"})
    page = rita_client.get(f"/requests/drafts/{draft_id}/level/").content.decode()
    assert "suggest <strong>Level 4" in page and "three or more incidents in 90 days" in page
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    support_request = RequestForSupport.objects.get()
    assert (support_request.level_requested, support_request.suggested_level) == (
        3,
        4,
    )  # the referrer's choice stands (rule 26)


def test_a_bad_countable_fact_is_refused_with_a_clear_message(rita_client) -> None:
    draft = new_draft(rita_client)
    rita_client.post(f"/requests/drafts/{draft.pk}/area/", {"area": "lancashire", "continue": ""})
    html = rita_client.post(
        f"/requests/drafts/{draft.pk}/indicators/", {"fact_missing_episodes_90_days": "lots"}
    ).content.decode()
    assert "enter a whole number" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"plain text", "must be a PDF or a Word document"),
        ("fake.pdf", b"MZ\x90\x00 not really a pdf", "must be a PDF or a Word document"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_attachments_must_be_real_pdf_or_word_files(rita_client, name: str, content: bytes, message: str) -> None:
    draft = new_draft(rita_client)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = rita_client.post(f"/requests/drafts/{draft.pk}/files/", {"kind": "eha", "file": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachments_over_the_size_limit_are_refused(rita_client, settings) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    draft = new_draft(rita_client)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    response = rita_client.post(f"/requests/drafts/{draft.pk}/files/", {"kind": "eha", "file": upload})
    assert "must be smaller than 1MB" in response.content.decode()


def test_a_pdf_and_a_word_document_are_accepted_and_travel_with_the_request(rita_client) -> None:
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    draft_id = fill_draft(rita_client)
    for name, content in [("eha.pdf", b"%PDF-1.7\n%minimal"), ("taf.docx", docx.getvalue())]:
        response = rita_client.post(
            f"/requests/drafts/{draft_id}/files/", {"kind": "eha", "file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, name
    rita_client.post(f"/requests/drafts/{draft_id}/send/")
    support_request = RequestForSupport.objects.get()
    assert sorted(support_request.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_untouched_drafts_are_warned_once_then_deleted(rita_client, settings) -> None:
    settings.DRAFT_RETENTION_DAYS, settings.DRAFT_EXPIRY_WARNING_DAYS = 28, 7
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        draft = new_draft(rita_client)
    with time_machine.travel(start + dt.timedelta(days=20), tick=False):
        assert drafts_warn_expiring() == 0
    with time_machine.travel(start + dt.timedelta(days=22), tick=False):
        assert drafts_warn_expiring() == 1
        assert drafts_warn_expiring() == 0  # once
        assert drafts_delete_expired() == 0
    warning = Notification.objects.get(kind="draft_expiry")
    assert warning.recipient == draft.owner and "will be deleted" in warning.subject
    with time_machine.travel(start + dt.timedelta(days=28, minutes=1), tick=False):
        assert drafts_delete_expired() == 1
    assert not RequestDraft.objects.exists()


def test_continuing_a_draft_restarts_its_retention_period(rita_client, rita) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        draft = new_draft(rita_client)
    with time_machine.travel(start + dt.timedelta(days=25), tick=False):
        rita_client.force_login(rita)  # a new sitting: the old session timed out long ago
        rita_client.post(f"/requests/drafts/{draft.pk}/start/", {"immediate_risk": "no", "continue": ""})
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        assert drafts_delete_expired() == 0


def test_continue_from_about_you_goes_to_the_list_of_children(rita_client) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(f"/requests/drafts/{draft.pk}/about_you/", {**payloads.ABOUT_YOU, "continue": ""})
    assert response["Location"] == f"/requests/drafts/{draft.pk}/children/list/"
    assert rita_client.get(response["Location"]).status_code == 200


def test_correcting_an_error_on_a_new_child_does_not_add_the_child_twice(rita_client) -> None:
    draft = new_draft(rita_client)
    bad = {**payloads.child(), **payloads.date_parts("date_of_birth", None), "continue": ""}
    response = rita_client.post(f"/requests/drafts/{draft.pk}/children/add/", bad)
    assert response["Location"] == f"/requests/drafts/{draft.pk}/children/0/?show_errors=1"
    page = rita_client.get(response["Location"]).content.decode()
    assert "Enter the child&#x27;s date of birth" in page and 'value="Ava"' in page
    rita_client.post(f"/requests/drafts/{draft.pk}/children/0/", {**payloads.child(), "continue": ""})
    draft.refresh_from_db()
    assert len(draft.data["children"]) == 1


def test_a_nul_character_in_an_answer_does_not_break_saving(rita_client) -> None:
    draft = new_draft(rita_client)
    response = rita_client.post(
        f"/requests/drafts/{draft.pk}/worries/", {"worries": "Hungry\x00 daily", "continue": ""}
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.data["worries"]["worries"] == ["Hungry daily"]
