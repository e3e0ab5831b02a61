"""The dashboard page and the list behind each figure, as a manager uses them."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.models import Episode
from hub.models import AuditEvent
from requests_app.models import RequestForSupport
from tests.helpers import client_for
from tests.reporting.dashboard_world import PERIOD, a_request, at, became_contact, clock, episode
from tests.request_factories import make_request
from tests.requests_app import payloads

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reporting:dashboard")


def dashboard(user, **filters):
    return client_for(user).get(f"{DASHBOARD}?{urlencode({**PERIOD, **filters})}")


def figure_links(figures: dict) -> list[tuple[int, str]]:
    """Every (count, link) the page shows."""
    pairs = []
    for series in figures["volumes"]["series"]:
        pairs += [(series["total"], series["url"]), *((bar["count"], bar["url"]) for bar in series["bars"])]
    for rows in figures["sources"].values():
        pairs += [(row["count"], row["url"]) for row in rows]
    pairs += [(cell["count"], cell["url"]) for row in figures["levels"] for cell in row["cells"]]
    pairs += [(stage["count"], stage["url"]) for stage in figures["conversion"]]
    for m in figures["timeliness"]:
        pairs += [(m["total"], m["url"]), (m["within"], m["within_url"]), (m["missed"], m["missed_url"])]
        pairs += [(reason["count"], reason["url"]) for reason in m["reasons"]]
    again = figures["rereferrals"]
    pairs += [(again["again"], again["url"]), (again["referred"], again["referred_url"])]
    work = figures["open_work"]
    pairs += [(work["open"], work["url"]), (work["overdue"], work["overdue_url"])]
    for row in work["workers"]:
        pairs += [(row["count"], row["url"]), (row["overdue"], row["overdue_url"])]
    return pairs


def test_a_manager_sees_the_figures_with_a_chart_and_a_table_for_each(fortnight, staff) -> None:
    response = dashboard(staff.priya)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') == 8  # five weekly charts, two of sources, one of timeliness
    assert body.count("<title id=") == 8 and body.count('viewBox="0 0 320') == 8
    assert "Show each week&#x27;s figures as a table" in body or "Show each week's figures as a table" in body
    assert "Ribble Valley Primary School" in body and "Police checks took two days" in body
    assert reverse("reporting:annex-a") in body


@pytest.mark.parametrize("who", ["harry", "rita", "sian", "paula", "ada"])
def test_anyone_but_a_manager_is_refused(fortnight, staff, who) -> None:
    assert dashboard(getattr(staff, who)).status_code == 403
    assert client_for(getattr(staff, who)).get(reverse("reporting:dashboard-list")).status_code == 403


def test_each_figure_is_the_number_of_rows_in_the_list_it_links_to(fortnight, staff) -> None:
    client = client_for(staff.tom)
    figures = client.get(f"{DASHBOARD}?{urlencode(PERIOD)}").context["figures"]
    pairs = figure_links(figures)
    assert len(pairs) > 60 and any(count for count, _ in pairs)
    wrong = []
    for count, url in pairs:
        listed = client.get(url)
        if listed.status_code != 200 or listed.context["page"].paginator.count != count:
            wrong.append((url, count, listed.status_code))
    assert wrong == []


def test_no_free_text_reason_goes_into_an_address(fortnight, staff) -> None:
    figures = dashboard(staff.priya).context["figures"]
    assert not [url for _, url in figure_links(figures) if "checks" in url or "Ava" in url]


def test_the_list_links_each_request_and_is_recorded_in_the_audit_trail(fortnight, staff) -> None:
    url = f"{reverse('reporting:dashboard-list')}?{urlencode({'figure': 'contacts', **PERIOD})}"
    response = client_for(staff.priya).get(url)
    body = response.content.decode()
    assert response.context["rows"].title == "Contacts"
    assert "7 September 2026 to 20 September 2026: 2 requests." in body
    assert reverse("triage:request", args=[fortnight.r1.reference]) in body
    assert fortnight.r2.reference in body and fortnight.r3.reference not in body
    audited = AuditEvent.objects.filter(actor=staff.priya, detail__listed_in="dashboard")
    assert sorted(audited.values_list("reference", flat=True)) == sorted(
        [fortnight.r1.reference, fortnight.r2.reference]
    )


def test_a_missed_call_with_no_written_request_is_listed_by_the_calls_reference(fortnight, staff) -> None:
    query = {"figure": "timely", "kind": "written_follow_up", "result": "missed", **PERIOD}
    response = client_for(staff.priya).get(f"{reverse('reporting:dashboard-list')}?{urlencode(query)}")
    assert reverse("phone:detail", args=[fortnight.call.reference]) in response.content.decode()


@pytest.mark.parametrize(
    "figure",
    [
        {"figure": "nothing"},
        {"figure": "levels", "requested": "five", "decided": "2"},
        {"figure": "timely", "kind": "bedtime"},
        {"figure": "agency", "agency": "School\x00"},
    ],
)
def test_a_figure_that_does_not_exist_is_not_found(fortnight, staff, figure) -> None:
    query = urlencode({**figure, **PERIOD})
    assert client_for(staff.priya).get(f"{reverse('reporting:dashboard-list')}?{query}").status_code == 404


def test_an_impossible_date_comes_back_with_an_error_and_the_answers_kept(fortnight, staff) -> None:
    response = dashboard(staff.priya, start_0="31", start_1="2")
    body = response.content.decode()
    assert "<title>Error: Dashboard" in body
    assert "govuk-error-summary" in body and "The first day must be a real date" in body
    assert 'value="31"' in body and "figures" not in response.context


def test_an_area_the_manager_does_not_cover_cannot_be_chosen(fortnight, staff, luton) -> None:
    response = dashboard(staff.priya, area=luton.pk)
    assert "figures" not in response.context and "govuk-error-summary" in response.content.decode()


def test_the_dashboard_asks_the_database_the_same_number_of_questions_however_much_work(fortnight, staff) -> None:
    client = client_for(staff.priya)
    client.get(DASHBOARD)  # the session and permissions cached, as on any later visit
    with CaptureQueriesContext(connection) as small:
        client.get(f"{DASHBOARD}?{urlencode(PERIOD)}")
    for day in range(7, 21):
        more = a_request(
            staff.rita, received=at(day), referrer_agency=f"Agency {day}", assigned_to=staff.sian, status="contact"
        )
        became_contact(more, at(day, 12))
        episode(more, referral_date=dt.date(2026, 9, day), assessment_started_on=dt.date(2026, 9, day))
        clock("contact_decision", request=more, due=at(day, 17), met=at(day, 18), reason=f"Reason {day % 3}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"{DASHBOARD}?{urlencode(PERIOD)}")
    assert sum(series["total"] for series in response.context["figures"]["volumes"]["series"][:1]) == 17
    assert len(large) == len(small)


def test_the_navigation_offers_the_dashboard_to_managers_and_marks_only_the_page_shown(staff) -> None:
    client = client_for(staff.priya)
    navigation = client.get(reverse("reporting:annex-a")).context["navigation"]
    current = [item["label"] for item in navigation if item["active"]]
    assert "Dashboard" in [item["label"] for item in navigation] and current == ["Ofsted Annex A"]
    home = client.get(reverse("home")).content.decode()
    assert f'href="{DASHBOARD}"' in home


def test_the_usual_periods_are_one_click_away_keeping_the_area_and_marking_the_one_shown(
    fortnight, staff, lancashire
) -> None:
    # "Now" is 21 September 2026: the last twelve months start the day after a year ago.
    year = {"area": lancashire.pk, "start_0": 22, "start_1": 9, "start_2": 2025, "end_0": 21, "end_1": 9, "end_2": 2026}
    body = dashboard(staff.priya, area=lancashire.pk).content.decode().replace("&amp;", "&")
    assert f'href="?{urlencode(year)}">The last 12 months</a>' in body
    shown = dashboard(staff.priya, **year).content.decode()
    assert "The last 12 months (showing)" in shown and shown.count('aria-current="true"') == 1
    # Since 1 April: this census year, which a manager checks the return against.
    april = dashboard(staff.priya, start_0=1, start_1=4, start_2=2026, end_0=21, end_1=9, end_2=2026)
    assert "Since 1 April (this census year) (showing)" in april.content.decode()


def test_the_conference_measure_is_named_by_the_areas_own_timescale(fortnight, staff, lancashire) -> None:
    body = dashboard(staff.priya, area=lancashire.pk).content.decode()
    assert "conferences within 15 working days of the strategy discussion" in body
    type(lancashire).objects.filter(pk=lancashire.pk).update(conference_deadline_days=10)
    body = dashboard(staff.priya, area=lancashire.pk).content.decode()
    assert "conferences within 10 working days of the strategy discussion" in body
    assert "15 working days" not in body


def period(first: dt.date, last: dt.date) -> dict:
    return {"start_0": first.day, "start_1": first.month, "start_2": first.year, "end_0": last.day}


@pytest.mark.parametrize(
    ("first", "last", "error"),
    [
        (dt.date(9999, 12, 1), dt.date(9999, 12, 31), "The last day must be today or in the past"),
        (dt.date(1900, 1, 1), dt.date(2026, 9, 20), "The first day must be 1 January 2000 or later"),
        (dt.date(2000, 1, 1), dt.date(2026, 9, 20), "no more than 2 years (731 days) before the last day"),
        (dt.date(2024, 9, 19), dt.date(2026, 9, 20), "no more than 2 years (731 days) before the last day"),
    ],
)
def test_a_period_too_long_or_out_of_range_comes_back_with_an_error_and_its_list_is_not_found(
    fortnight, staff, first, last, error
) -> None:
    dates = {**period(first, last), "end_1": last.month, "end_2": last.year}
    response = dashboard(staff.priya, **dates)
    body = response.content.decode()
    assert response.status_code == 200 and "figures" not in response.context
    assert "govuk-error-summary" in body and error in body and f'value="{first.year}"' in body
    listed = client_for(staff.priya).get(f"{reverse('reporting:dashboard-list')}?{urlencode(dates)}")
    assert listed.status_code == 404


def test_a_first_day_before_2000_is_one_error_not_two(fortnight, staff) -> None:
    body = dashboard(staff.priya, start_2=1999).content.decode()
    assert "The first day must be 1 January 2000 or later" in body and "731 days" not in body


def test_two_whole_years_to_yesterday_are_shown(fortnight, staff) -> None:
    first, last = dt.date(2024, 9, 20), dt.date(2026, 9, 20)  # 731 days
    response = dashboard(staff.priya, **period(first, last), end_1=9, end_2=2026)
    assert "figures" in response.context
    assert "Showing 20 September 2024 to 20 September 2026" in response.content.decode()


def test_each_view_of_the_dashboard_is_recorded_with_its_filters_and_no_free_text(fortnight, staff, lancashire):
    before = AuditEvent.objects.count()
    dashboard(staff.priya, area=lancashire.pk)
    viewed = AuditEvent.objects.get(actor=staff.priya, detail__page="dashboard")
    assert AuditEvent.objects.count() == before + 1
    assert viewed.action == AuditEvent.Action.SEARCH
    assert viewed.detail == {
        "page": "dashboard",
        "area": str(lancashire.pk),
        "team": "",
        "first": "2026-09-07",
        "last": "2026-09-20",
    }


def test_no_agency_name_goes_into_an_address_and_each_agency_still_opens_its_list(fortnight, staff) -> None:
    client = client_for(staff.priya)
    agencies = client.get(f"{DASHBOARD}?{urlencode(PERIOD)}").context["figures"]["sources"]["agencies"]
    assert [row["label"] for row in agencies] == ["Ribble Valley Primary School", "Lancashire Constabulary"]
    assert not [row["url"] for row in agencies if "Ribble" in row["url"] or "Constabulary" in row["url"]]
    police = client.get(agencies[1]["url"])
    assert police.context["rows"].title == "Requests from Lancashire Constabulary"
    assert police.context["page"].paginator.count == 1 and fortnight.r2.reference in police.content.decode()


def test_every_figure_link_says_what_it_counts_not_just_a_number(fortnight, staff) -> None:
    body = dashboard(staff.priya).content.decode()
    texts = [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", body, re.S)]
    assert texts and [text for text in texts if text.isdigit()] == []
    assert '1<span class="govuk-visually-hidden"> met in time, contact decisions within one working day' in body


def test_a_list_of_childrens_assessments_lists_a_request_once_for_each_child_counted(fortnight, staff) -> None:
    siblings = make_request(
        staff.rita, area="lancashire", children=[payloads.child(first="Eli"), payloads.child(first="Fay")]
    )
    RequestForSupport.objects.filter(pk=siblings.pk).update(received_at=at(8), assigned_to=staff.harry)
    for child, day in zip(siblings.children.order_by("position"), (9, 16), strict=True):
        Episode.objects.create(child=child, assessment_started_on=dt.date(2026, 9, day))
    client = client_for(staff.priya)
    series = client.get(f"{DASHBOARD}?{urlencode(PERIOD)}").context["figures"]["volumes"]["series"]
    assessments = next(one for one in series if one["key"] == "assessments")
    assert (assessments["title"], assessments["total"]) == ("Children's assessments started", 4)
    listed = client.get(assessments["url"])
    body = listed.content.decode()
    assert "7 September 2026 to 20 September 2026: 4 children. Each child is counted, as in Annex A" in body
    assert body.count(f">{siblings.reference}</a>") == 2
