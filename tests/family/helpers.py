"""A request with a unique marker in every place the family copy must never show, walked
through the hub's own services to an outcome the referrer is told (rule 22: consent given)."""

import io

from django.core.files.base import ContentFile
from pypdf import PdfReader

from hub.models import Agency
from hub.roles import Role
from requests_app.models import Attachment, RequestForSupport
from requests_app.services import question_answer, question_ask
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import fresh
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services

# One marker per category the copy leaves out (decision 0020), each found nowhere else.
WITHHELD = {
    "household note about another person": "XQHOUSEHOLDNOTE",
    "attachment": "XQATTACHMENTNAME",
    "history since social care": "XQHISTORYSINCE",
    "what the family was told (consent record)": "XQTOLDWHATSHARED",
    "the child's view on consent": "XQCHILDVIEW",
    "screening reasons": "XQSCREENINGNOTE",
    "case note": "XQCASENOTE",
    "question from the hub": "XQHUBQUESTION",
    "referrer's answer to the hub": "XQREFERRERANSWER",
    "police check question": "XQPOLICEQUESTION",
    "police check response": "XQPOLICERESPONSE",
    "partner agency response": "XQPARTNERRESPONSE",
    "partner sharing reasons": "XQSHARINGREASONS",
    "decision reasons": "XQDECISIONREASONS",
    "manager's note returning a decision": "XQMANAGERNOTE",
    "approval rationale": "XQAPPROVALRATIONALE",
    "section 47 reasons": "XQSECTION47REASONS",
    "strategy discussion attendees": "XQSTRATEGYATTENDEES",
    "strategy discussion decision": "XQSTRATEGYDECISION",
    "enquiry outcome reasons": "XQOUTCOMEREASONS",
}
# What the copy must show: the referrer's words and what the referrer was told.
SHOWN = {"strengths": "XQSTRENGTHS", "worries": "XQWORRIES", "for referrer": "XQFORTHEREFERRER"}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _as_lists(data: dict) -> dict:
    return {k: v if isinstance(v, list) else [v] for k, v in data.items()}


def request_with_markers(staff) -> RequestForSupport:
    m = WITHHELD
    worries = {
        **payloads.WORRIES,
        "worries": f"Ava has come to school hungry. {SHOWN['worries']}",
        "strengths": f"Mum walks Ava to school every day. {SHOWN['strengths']}",
        "history_since_csc": m["history since social care"],
        "police_involved": "yes",
    }
    support_request = make_request(
        staff.rita,
        worries=_as_lists(worries),
        household=[{**payloads.PARENT, "notes": m["household note about another person"]}],
        consent=payloads.consent_given(
            told_what_shared=m["what the family was told (consent record)"], child_view=m["the child's view on consent"]
        ),
    )
    Attachment.objects.create(
        request=support_request,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="eha.pdf"),
        original_name=m["attachment"],
        content_type="application/pdf",
        size=15,
        kind="eha",
        uploaded_by=staff.rita,
    )
    services.triage_begin(request=fresh(support_request), by=staff.harry)
    services.triage_screen(
        request=fresh(support_request),
        by=staff.harry,
        action="contact",
        level=4,
        statutory_basis="s47",
        reasons=m["screening reasons"],
    )
    services.note_add(request=fresh(support_request), by=staff.harry, text=m["case note"])
    question = question_ask(request=fresh(support_request), by=staff.harry, text=m["question from the hub"])
    question_answer(question=question, by=staff.rita, answer=m["referrer's answer to the hub"])
    _partner_checks(staff, support_request)
    _to_a_section_47_outcome(staff, support_request)
    return fresh(support_request)


def _partner_checks(staff, support_request) -> None:
    m = WITHHELD
    police = Agency.objects.get(name="Lancashire Constabulary")
    health = AgencyFactory(name="Ribble Health Visitors", kind=Agency.Kind.GP, area=support_request.area)
    visitor = UserFactory(username="hana", area=support_request.area, agency=health, role=Role.PARTNER_OFFICER)
    for agency, officer, question, response in (
        (police, staff.paula, m["police check question"], m["police check response"]),
        (health, visitor, "Known to health?", m["partner agency response"]),
    ):
        check = services.check_request(
            request=fresh(support_request), agency=agency, question=question, rag="amber", by=staff.harry
        )
        services.check_answer(
            check=check,
            by=officer,
            share=True,
            response=response,
            reasons=m["partner sharing reasons"],
            lawful_basis="public_task",
        )


def _to_a_section_47_outcome(staff, support_request) -> None:
    m = WITHHELD
    propose = {"outcome": "referral", "statutory_basis": "s47", "details": {"primary_need": "N1"}}
    services.decision_propose(request=fresh(support_request), by=staff.harry, reasons="First go", **propose)
    services.decision_return(
        request=fresh(support_request), by=staff.tom, what_needs_to_change=m["manager's note returning a decision"]
    )
    services.decision_propose(request=fresh(support_request), by=staff.harry, reasons=m["decision reasons"], **propose)
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale=m["approval rationale"])
    services.s47_start(request=fresh(support_request), by=staff.harry, reasons=m["section 47 reasons"])
    services.strategy_discussion_record(
        request=fresh(support_request),
        by=staff.harry,
        held_at=fresh(support_request).received_at,
        attendees=m["strategy discussion attendees"],
        reasons=m["strategy discussion decision"],
    )
    services.decision_propose(
        request=fresh(support_request),
        by=staff.harry,
        outcome="no_concerns",
        reasons=m["enquiry outcome reasons"],
        for_referrer=SHOWN["for referrer"],
        details={"closure_reason": "RC7", "assessment_factors": ["3A"], "child_seen": True},
    )
    services.decision_approve(request=fresh(support_request), by=staff.tom, rationale=m["approval rationale"])
