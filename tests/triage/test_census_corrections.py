"""Correcting a child's census details on their page: the primary need, the factors an
assessment identified, and the category of abuse of a plan, each missed or wrong when the
work happened. Each census readiness finding links to the answer that puts it right, and
leaves the list once it is saved.

Each child is referred by a school in Lancashire in June 2026 (census year 2027), with a
person record that has a UPN and 'No disability', so their only problems are the ones given.
"""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from children.census_checks import RULES, child_findings
from children.census_corrections import episode_census_correct
from children.models import Episode, Person
from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import Child
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.reporting.conftest import a_request
from tests.requests_app import payloads
from triage.models import CaseNote

READINESS = reverse("reporting:readiness")
REFERRED = dt.date(2026, 6, 1)
ASSESSED = {"assessment_started_on": dt.date(2026, 6, 2), "assessment_authorised_on": dt.date(2026, 7, 1)}
ON_A_PLAN = {"s47_started_on": dt.date(2026, 6, 2), "cp_plan_start": dt.date(2026, 7, 1), "stage": "finished"}
WHY = {"census-reason": "The decision form was saved without it."}
MISSING = "LAN-2099-999999"  # a reference no request has


def _same(response, reference: str) -> bytes:
    """The body with the reference asked for and the per-response CSRF token taken out."""
    body = response.content.replace(reference.encode(), b"REF")
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def a_child(staff, first: str = "Ava", *, person: dict | None = None, linked: bool = True, **episode) -> Child:
    support_request = a_request(staff.rita, REFERRED, children=[payloads.child(first=first)])
    child = support_request.children.get()
    if linked:
        record = {"upn": "A123456789012", "disabilities": ["NONE"], **(person or {})}
        child.person = Person.objects.create(area=support_request.area, first_name=first, last_name="Smith", **record)
        child.save()
    Episode.objects.create(
        child=child, **{"referral_source": "2A", "primary_need": "N1", "referral_date": REFERRED, **episode}
    )
    return Child.objects.select_related("person", "episode", "request").get(pk=child.pk)


def page_of(child) -> str:
    return reverse("triage:child", args=[child.request.reference, child.pk])


def correct(child) -> str:
    return reverse("triage:child-census", args=[child.request.reference, child.pk])


# Each finding the census details put right: the child who has it, and the answers that fix it.
FINDINGS = {
    "primary_need": (
        {"primary_need": ""},
        {"census-primary_need": "N4"},
        {"primary_need": {"from": "", "to": "N4"}},
    ),
    "assessment_factors": (
        {**ASSESSED, "assessment_factors": []},
        {"census-primary_need": "N1", "census-assessment_factors": ["16A", "3A"]},
        {"assessment_factors": {"from": [], "to": ["3A", "16A"]}},
    ),
    "factor_21_and_others": (
        {**ASSESSED, "assessment_factors": ["21", "4B"]},
        {"census-primary_need": "N1", "census-assessment_factors": ["4B"]},
        {"assessment_factors": {"from": ["21", "4B"], "to": ["4B"]}},
    ),
    "category_of_abuse": (
        ON_A_PLAN,
        {"census-primary_need": "N1", "census-initial_category": "NEG", "census-latest_category": ""},
        {"initial_category": {"from": "", "to": "NEG"}},
    ),
}


@pytest.mark.parametrize("rule", FINDINGS)
def test_each_finding_links_to_its_answer_and_leaves_the_readiness_list_once_corrected(staff, rule) -> None:
    episode, answers, changed = FINDINGS[rule]
    child = a_child(staff, **episode)
    [finding] = child_findings(child)
    assert finding.rule.key == rule
    manager = client_for(staff.priya)
    listed = manager.get(READINESS, {"year": "2027"}).content.decode()
    assert f'href="{page_of(child)}#{finding.fix}"' in listed
    landed = manager.get(page_of(child)).content.decode()
    assert f'id="{finding.fix}"' in landed and "Correct the census details" in landed

    response = client_for(staff.harry).post(correct(child), {**answers, **WHY})

    assert response.status_code == 302 and response["Location"] == page_of(child)
    assert "No problems found" in manager.get(READINESS, {"year": "2027"}).content.decode()
    assert "meets the statutory return's rules" in manager.get(page_of(child)).content.decode()
    [event] = AuditEvent.objects.filter(detail__census_corrected=child.episode.pk)
    assert (event.actor, event.reference, event.detail["changed"]) == (staff.harry, child.request.reference, changed)


def test_the_correction_and_why_are_kept_in_the_requests_history(staff) -> None:
    child = a_child(staff, primary_need="")
    client_for(staff.harry).post(correct(child), {"census-primary_need": "N4", **WHY})
    [note] = CaseNote.objects.filter(request=child.request)
    assert note.by == staff.harry
    assert note.text == (
        "Census details corrected for Ava: primary need N4 (was not recorded). "
        "Why: The decision form was saved without it."
    )
    request_page = client_for(staff.priya).get(f"/triage/requests/{child.request.reference}/").content.decode()
    assert "Census details corrected for Ava" in request_page


def test_no_factors_identified_beside_other_factors_is_refused_with_the_answers_kept(staff) -> None:
    child = a_child(staff, **ASSESSED, assessment_factors=["3A"])
    response = client_for(staff.harry).post(
        correct(child), {"census-primary_need": "N1", "census-assessment_factors": ["21", "3A"], **WHY}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "&#x27;No factors identified&#x27; (21) cannot go with other factors" in summary
    assert 'href="#id_census-assessment_factors_1"' in summary and 'id="id_census-assessment_factors_1"' in html
    assert re.search(r'value="21"\s+checked="checked"', html) and WHY["census-reason"] in html
    assert Episode.objects.get(child=child).assessment_factors == ["3A"]


def test_a_correction_with_no_reason_is_refused_and_lands_on_the_reason(staff) -> None:
    child = a_child(staff, primary_need="")
    response = client_for(staff.harry).post(correct(child), {"census-primary_need": "N4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_census-reason">Say why the census details are being corrected' in html
    assert 'id="id_census-reason"' in html and Episode.objects.get(child=child).primary_need == ""


def test_saving_the_same_answers_says_nothing_has_changed(staff) -> None:
    child = a_child(staff, **ASSESSED, assessment_factors=["3A", "16A"])
    answers = {"census-primary_need": "N1", "census-assessment_factors": ["16A", "3A"], **WHY}
    response = client_for(staff.harry).post(correct(child), answers)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing has changed" in html and 'href="#id_census-primary_need"' in html
    assert not AuditEvent.objects.filter(detail__census_corrected=child.episode.pk).exists()
    assert not CaseNote.objects.exists()


def test_the_form_offers_only_the_details_this_episode_has(staff) -> None:
    referred = client_for(staff.harry).get(page_of(a_child(staff, "Ava"))).content.decode()
    assert 'id="id_census-primary_need"' in referred
    assert "id_census-assessment_factors" not in referred and "id_census-initial_category" not in referred
    planned = client_for(staff.harry).get(page_of(a_child(staff, "Ben", **ASSESSED, **ON_A_PLAN))).content.decode()
    for field in ("primary_need", "assessment_factors_1", "initial_category", "latest_category"):
        assert f'id="id_census-{field}"' in planned
    assert "3A: Domestic violence: concerns about the child being the subject" in planned
    contact = a_child(staff, "Cal", referral_date=None)
    assert "Correct the census details" not in client_for(staff.harry).get(page_of(contact)).content.decode()


@pytest.mark.parametrize(
    ("episode", "answers", "refusal"),
    [
        ({"referral_date": None}, {"primary_need": "N4"}, "Only a referral has a primary need"),
        ({}, {"assessment_factors": ["3A"]}, "no assessment, so there are no factors"),
        (ASSESSED, {"initial_category": "NEG"}, "no child protection plan"),
        (ASSESSED, {"assessment_factors": ["21", "3A"]}, "cannot go with other factors"),
        (ASSESSED, {"assessment_factors": []}, "Select the factors identified"),
        (ON_A_PLAN, {"initial_category": "XYZ"}, "from the census list"),
        ({}, {"primary_need": "N99"}, "from the census list"),
        ({}, {"primary_need": "N1"}, "Nothing has changed"),
    ],
)
def test_the_service_refuses_what_the_episode_cannot_have(staff, episode, answers, refusal) -> None:
    child = a_child(staff, **episode)
    before = Episode.objects.filter(pk=child.episode.pk).values().get()
    with pytest.raises(ValueError, match=refusal):
        episode_census_correct(episode=child.episode, by=staff.harry, **answers)
    assert Episode.objects.filter(pk=child.episode.pk).values().get() == before


def test_the_service_refuses_someone_outside_the_area(staff, luton) -> None:
    child = a_child(staff, primary_need="")
    outsider = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    with pytest.raises(PermissionDenied):
        episode_census_correct(episode=child.episode, by=outsider, primary_need="N4")


def test_a_worker_in_another_area_gets_the_page_a_missing_child_gets_and_changes_nothing(staff, luton) -> None:
    child = a_child(staff, primary_need="")
    outsider = client_for(UserFactory(username="lw", area=luton, role=Role.HUB_WORKER))
    refused = outsider.post(correct(child), {"census-primary_need": "N4", **WHY})
    missing = outsider.post(reverse("triage:child-census", args=[MISSING, child.pk]), {**WHY})
    assert refused.status_code == missing.status_code == 404
    assert _same(refused, child.request.reference) == _same(missing, MISSING)
    assert Episode.objects.get(child=child).primary_need == ""


@pytest.mark.parametrize("who", ["rita", "paula", "ada"])
def test_referrers_partners_and_administrators_are_refused_for_any_child_or_none(staff, who) -> None:
    child = a_child(staff, primary_need="")
    client = client_for(getattr(staff, who))
    refused = client.post(correct(child), {"census-primary_need": "N4", **WHY})
    missing = client.post(reverse("triage:child-census", args=[MISSING, child.pk]), {**WHY})
    # Refused by role before any record is read: the same answer whether the child exists or not.
    assert refused.status_code == missing.status_code == 403
    assert _same(refused, child.request.reference) == _same(missing, MISSING)
    assert Episode.objects.get(child=child).primary_need == "" and not CaseNote.objects.exists()


def test_every_findings_link_lands_on_an_element_of_the_childs_page(staff) -> None:
    children = [
        a_child(staff, "Ava", person={"upn": "", "disabilities": []}, primary_need="", referral_source=""),
        a_child(staff, "Ben", person={"disabilities": ["NONE", "HAND"]}, **ASSESSED, assessment_factors=[]),
        a_child(staff, "Cal", **ASSESSED, assessment_factors=["21", "3A"], stage="finished", closed_on=REFERRED),
        a_child(staff, "Dan", **ON_A_PLAN, closed_on=dt.date(2026, 8, 1), closure_reason="RC8", cp_plan_end=REFERRED),
        a_child(staff, "Eve", linked=False),
    ]
    client = client_for(staff.harry)
    seen = set()
    for child in children:
        html = client.get(page_of(child)).content.decode()
        for finding in child_findings(child):
            assert f'id="{finding.fix}"' in html, (child.first_name, finding.rule.key)
            seen.add(finding.rule)
    assert seen == set(RULES)


def test_a_referral_with_no_source_lands_on_the_row_that_links_to_its_correction(staff) -> None:
    child = a_child(staff, referral_source="")
    manager = client_for(staff.priya)
    assert f'href="{page_of(child)}#referral_source"' in manager.get(READINESS, {"year": "2027"}).content.decode()
    row = manager.get(page_of(child)).content.decode().split('id="referral_source"', 1)[1].split("</div>", 1)[0]
    action = reverse("triage:action", args=[child.request.reference, "referral_source"])
    assert f'href="{action}#id_referral_source-referral_source">correct the referral source</a>' in row
    assert 'id="id_referral_source-referral_source"' in manager.get(action).content.decode()
