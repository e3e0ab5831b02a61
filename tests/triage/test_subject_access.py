"""A manager can export everything held about a child for a subject access
request: a ZIP with a readable summary, the data and the files, recorded in
the audit."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import Attachment
from tests.factories import UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _export(user, support_request, child):
    return client_for(user).post(f"/triage/requests/{support_request.reference}/children/{child.pk}/subject-access/")


def test_a_manager_downloads_a_zip_of_everything_held_about_the_child(staff, submitted) -> None:
    child = submitted.children.first()
    Attachment.objects.create(
        request=submitted,
        file=SimpleUploadedFile("gcp2.pdf", b"%PDF-1.4 graded care profile"),
        original_name="gcp2.pdf",
        content_type="application/pdf",
        size=28,
        kind="other",
        uploaded_by=staff.rita,
    )

    response = _export(staff.priya, submitted, child)

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert child.first_name not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    summary = archive.read("summary.html").decode()
    assert child.full_name in summary and submitted.reference in summary
    assert "Redact third-party information" in summary
    models = {row["model"] for row in json.loads(archive.read("records.json"))}
    assert {"requests_app.requestforsupport", "requests_app.child", "consent.consentrecord"} <= models
    [attached] = [name for name in archive.namelist() if name.startswith("attachments/")]
    assert archive.read(attached) == b"%PDF-1.4 graded care profile"


def test_the_export_is_recorded_in_the_audit(staff, submitted) -> None:
    _export(staff.priya, submitted, submitted.children.first())
    row = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (row.actor, row.reference) == (staff.priya, submitted.reference)


def test_a_hub_worker_cannot_export_and_another_areas_manager_finds_nothing(staff, submitted, luton) -> None:
    child = submitted.children.first()
    assert _export(staff.harry, submitted, child).status_code == 403
    outsider = UserFactory(username="lm", area=luton, role=Role.PRACTICE_MANAGER)
    assert _export(outsider, submitted, child).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_child_page_offers_the_export_to_managers(staff, submitted) -> None:
    child = submitted.children.first()
    page = client_for(staff.priya).get(f"/triage/requests/{submitted.reference}/children/{child.pk}/")
    assert "subject-access/" in page.content.decode()


def test_a_match_considered_and_rejected_does_not_put_another_child_in_the_export(staff, submitted) -> None:
    from children.matching import match_reject
    from children.models import Person

    child = submitted.children.first()
    stranger = Person.objects.create(area=submitted.area, first_name="Zebedee", last_name="Quint")
    match_reject(child=child, person=stranger, by=staff.harry)

    response = _export(staff.priya, submitted, child)

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    everything = archive.read("summary.html").decode() + archive.read("records.json").decode()
    assert "Zebedee" not in everything and "Quint" not in everything


def test_a_file_missing_from_storage_is_listed_not_a_crash(staff, submitted) -> None:
    attachment = Attachment.objects.create(
        request=submitted,
        file=SimpleUploadedFile("lost.pdf", b"%PDF-1.4"),
        original_name="lost.pdf",
        content_type="application/pdf",
        size=8,
        kind="other",
        uploaded_by=staff.rita,
    )
    attachment.file.delete(save=False)

    response = _export(staff.priya, submitted, submitted.children.first())

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "no longer in storage" in archive.read("summary.html").decode()
