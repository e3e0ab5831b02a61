"""At night a police officer phones in a child at immediate risk. The written request goes to the
top of the queue as a contact; a senior social worker convenes a strategy discussion; a section 47
enquiry leads to a conference and a child protection plan. axe checks every page on the way."""

import datetime as dt

import time_machine
from playwright.sync_api import expect

from deadlines.calendar import LONDON
from hub.models import Area
from hub.roles import Role
from requests_app.models import PhoneReferral, RequestForSupport
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in, sign_out
from tests.browser.test_triage_journeys import PASSWORD, action, approve, click, open_request, pick
from tests.factories import persona
from tests.requests_app import payloads
from triage.services import urgent_requests_begin

NIGHT = dt.datetime(2026, 11, 18, 23, 10, tzinfo=LONDON)


def fill_date(box, group: str, day: dt.date) -> None:
    held = box.get_by_role("group", name=group)
    held.get_by_label("Day").fill(str(day.day))
    held.get_by_label("Month").fill(str(day.month))
    held.get_by_label("Year").fill(str(day.year))


def test_a_phoned_immediate_risk_referral_at_night_to_a_child_protection_plan(page, live_server) -> None:
    url = live_server.url
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    persona(Role.HUB_WORKER, area=lancashire)
    persona(Role.SENIOR_SOCIAL_WORKER, area=lancashire)
    persona(Role.TEAM_MANAGER, area=lancashire)
    with time_machine.travel(NIGHT, tick=True):
        sign_in(page, url, "harry", PASSWORD)
        page.goto(f"{url}/phone-referrals/new/")
        settle(page)
        for label, value in [
            ("Caller's name", "PC Jones"),
            ("Caller's organisation", "Lancashire Constabulary"),
            ("Caller's phone number", "01772 614444"),
            ("Caller's email address", "pc.jones@example.org"),
            ("Child's name", "Ava Smith"),
            ("What the caller is worried about", "Ava, 9, found alone at home at night with injuries"),
        ]:
            page.get_by_label(label, exact=False).first.fill(value)
        pick(page, "Is the child at immediate risk of harm?", "Yes")
        page.get_by_label("Who is calling (census referral source)").select_option("6")
        pick(page, "What did you decide on the call?", "Immediate risk: made a contact for social work enquiries now")
        click(page, "Record the call")
        call = PhoneReferral.objects.get()
        about_you = {k: [v] for k, v in {**payloads.ABOUT_YOU, "phone_reference": call.reference}.items()}
        written, _ = request_create_via_api(
            data=payloads.sections(start={"immediate_risk": ["yes"]}, about_you=about_you),
            by=rita,
            idempotency_key=None,
        )
        urgent_requests_begin()  # the minutely sweep, as the worker would run it
        page.goto(f"{url}/")
        settle(page)
        expect(page.locator("#urgent-banner")).to_contain_text("1 request at immediate risk")
        page.get_by_role("link", name="Open the immediate risk tab").click()
        page.wait_for_load_state("load")
        settle(page)
        expect(page.locator("table")).to_contain_text(written.reference)
    sign_out(page)
    sign_in(page, url, "sian", PASSWORD)
    open_request(page, url, written.reference)
    expect(page.locator("h1")).to_contain_text("Contact")  # a contact at once, no triage step
    box = action(page, "Convene a strategy discussion now")
    box.get_by_label("Reason").fill("Injuries to a child left alone at night")
    click(page, "Save")
    box = action(page, "Record the strategy discussion")
    today = dt.date.today()
    fill_date(box, "When was it held?", today)
    box.get_by_label("Time (24-hour, for example 14:30)").fill("09:30")
    box.get_by_label("Who took part").fill("Police, health, children's social care")
    pick(box, "What did the strategy discussion decide?", "A section 47 enquiry")
    box.get_by_label("What was agreed").fill("Section 47 enquiry; police protection in place")
    box.get_by_label("Emergency action taken, if any").select_option("police_protection")
    click(page, "Record the strategy discussion")
    box = action(page, "Propose a decision")
    pick(box, "Decision", "Substantiated: initial child protection conference")
    box.get_by_label("Reasons").fill("Concerns substantiated")
    click(page, "Propose for approval")
    sign_out(page)
    sign_in(page, url, "tom", PASSWORD)
    open_request(page, url, written.reference)
    approve(page)
    sign_out(page)
    sign_in(page, url, "harry", PASSWORD)
    open_request(page, url, written.reference)
    box = action(page, "Record the child protection conference")
    fill_date(box, "When was the conference held?", today)
    pick(box, "What did the conference decide?", "Child protection plan")
    box.get_by_label("Category of abuse, for a child protection plan").select_option("PHY")
    box.get_by_label("Team that takes the child on, for a plan or family help").select_option(label="CSSH Team A")
    click(page, "Record the conference")
    final = RequestForSupport.objects.get(pk=written.pk)
    assert (final.status, final.outcome, final.emergency_action) == ("closed", "cp_plan", "police_protection")
    assert final.cin_referral_source == "6"  # the call's source: the police
    assert final.children.get().episode.cp_plan_start == today
