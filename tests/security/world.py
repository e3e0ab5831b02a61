"""A small world for attacking the service: two areas, one of everything in Lancashire,
and people who should not see it.

Rita (a referrer at a school) owns a draft with a file and a sent request naming one child,
with a file, a partner check addressed to the police, a question from the hub and a
disagreement she raised. Harry took a phone call in Lancashire. Each Lancashire role has a
twin who must not see those things: Rex (another referrer), the Luton staff, and Nadia, a
partner officer at an agency nobody asked.
"""

import datetime as dt
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from children.matching import person_create
from hub.models import Agency, Area
from hub.roles import Role
from phone.forms import PhoneReferralForm
from phone.services import phone_referral_record
from reporting.models import ExportJob
from requests_app.models import Attachment
from requests_app.services import attachment_add, draft_create, draft_save_section, question_ask
from tests.factories import AgencyFactory, TeamFactory, UserFactory, persona
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services
from triage.services import checks, disagreements

# Values that appear nowhere but in Rita's records: a refused visitor's page must not show them.
FIRST, LAST = "Zephyrine", "Quillfeather"
BORN = dt.date(2017, 3, 14)
NHS = "7382045161"
WORRY = "Marmalade-coloured bruises noticed on a Tuesday"
DRAFT_CHILD = "Octavian Brackenridge"
CALLED_CHILD = "Persephone Wolstenholme"
QUESTION = "Has the school nurse seen the Quillfeather bruises?"
EVIDENCE = "Evidence of cerulean neglect at home"
CHECK_QUESTION = "Any call-outs to the Quillfeather address?"
SECRETS = [
    FIRST,
    LAST,
    NHS,
    WORRY,
    DRAFT_CHILD,
    CALLED_CHILD,
    QUESTION,
    EVIDENCE,
    CHECK_QUESTION,
    BORN.isoformat(),
    "14/03/2017",
    "14 March 2017",
    "14 Mar 2017",
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _people(lancashire: Area, luton: Area) -> SimpleNamespace:
    school = AgencyFactory()
    health = AgencyFactory(name="Ribble Valley Health Centre", kind=Agency.Kind.GP, area=lancashire)
    luton_team = TeamFactory(area=luton, name="Luton MASH")
    insiders = {
        Role.REFERRER: persona(Role.REFERRER, area=lancashire, email="rita@example.org"),
        Role.HUB_WORKER: persona(Role.HUB_WORKER, area=lancashire),
        Role.SENIOR_SOCIAL_WORKER: persona(Role.SENIOR_SOCIAL_WORKER, area=lancashire),
        Role.PRACTICE_MANAGER: persona(Role.PRACTICE_MANAGER, area=lancashire),
        Role.TEAM_MANAGER: persona(Role.TEAM_MANAGER, area=lancashire),
        Role.PARTNER_OFFICER: persona(Role.PARTNER_OFFICER, area=lancashire),
        Role.ADMIN: persona(Role.ADMIN, area=lancashire),
    }
    outsiders = {
        Role.REFERRER: UserFactory(username="rex", area=lancashire, agency=school, role=Role.REFERRER),
        Role.PARTNER_OFFICER: UserFactory(username="nadia", area=lancashire, agency=health, role=Role.PARTNER_OFFICER),
    }
    for role in (Role.HUB_WORKER, Role.SENIOR_SOCIAL_WORKER, Role.PRACTICE_MANAGER, Role.TEAM_MANAGER):
        outsiders[role] = UserFactory(username=f"luton_{role.value}", area=luton, team=luton_team, role=role)
    return SimpleNamespace(insiders=insiders, outsiders=outsiders)


def build() -> SimpleNamespace:
    lancashire, luton = Area.objects.get(slug="lancashire"), Area.objects.get(slug="luton")
    people = _people(lancashire, luton)
    rita, harry = people.insiders[Role.REFERRER], people.insiders[Role.HUB_WORKER]
    paula = people.insiders[Role.PARTNER_OFFICER]

    child = payloads.child(first=FIRST, last=LAST, nhs_number=NHS, **payloads.date_parts("date_of_birth", BORN))
    worries = {**payloads.WORRIES, "worries": WORRY}
    sent = make_request(rita, children=[child], worries={k: [v] for k, v in worries.items()})
    services.triage_begin(request=sent, by=harry)
    sent.refresh_from_db()
    sent_child = sent.children.get()
    person = person_create(child=sent_child, by=harry)
    check = checks.check_request(request=sent, agency=paula.agency, question=CHECK_QUESTION, rag="amber", by=harry)
    question = question_ask(request=sent, by=harry, text=QUESTION)
    disagreement = disagreements.disagreement_raise(request=sent, by=rita, evidence=EVIDENCE)

    draft = draft_create(owner=rita)
    first, last = DRAFT_CHILD.split()
    draft_save_section(draft=draft, key="children", raw={"first_name": [first], "last_name": [last]}, index=None)
    draft_file = attachment_add(
        draft=draft, upload=_upload("draft-notes.pdf"), kind="other", content_type="application/pdf", by=rita
    )
    sent_file = Attachment.objects.create(
        request=sent,
        file=_upload("sent-notes.pdf"),
        original_name="sent-notes.pdf",
        content_type="application/pdf",
        size=len(PDF),
        kind="other",
        uploaded_by=rita,
    )
    call = PhoneReferralForm({**payloads.PHONE_CALL, "child_name": CALLED_CHILD})
    assert call.is_valid(), call.errors
    phone = phone_referral_record(by=harry, area=lancashire, **call.arguments())
    export_job = _finished_export(people.insiders[Role.PRACTICE_MANAGER], lancashire)
    return SimpleNamespace(
        **vars(people),
        sent=sent,
        child=sent_child,
        person=person,
        check=check,
        question=question,
        disagreement=disagreement,
        draft=draft,
        draft_file=draft_file,
        sent_file=sent_file,
        phone=phone,
        export_job=export_job,
    )


def _finished_export(manager, area: Area) -> ExportJob:
    """Priya's finished export of Lancashire's contacts, ready to download."""
    job = ExportJob.objects.create(
        requested_by=manager,
        kind=ExportJob.Kind.ANNEX_A,
        arguments={
            "number": 1,
            "first": "2026-04-01",
            "last": "2026-09-30",
            "file_format": "csv",
            "area_ids": [area.pk],
        },
        title="Annex A list 1 (Contacts)",
        filename="annex-a-list-1-2026-04-01-to-2026-09-30.csv",
        state=ExportJob.State.READY,
        finished_at=timezone.now(),
    )
    job.file.save(job.filename, ContentFile(b"Child Unique ID,Gender\r\n"))
    return job
