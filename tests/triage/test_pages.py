import datetime as dt
import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deadlines.calendar import LONDON
from deadlines.models import Deadline
from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.request_factories import make_request, request_awaiting_approval, request_in_triage_step
from tests.requests_app import payloads
from triage import services


def test_the_queue_runs_the_same_number_of_queries_for_5_or_40_requests(staff) -> None:
    client = client_for(staff.harry)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/triage/?tab=new").status_code == 200
        return len(queries)

    for _ in range(5):
        make_request(staff.rita)
    few = count()
    for _ in range(35):
        make_request(staff.rita, children=[payloads.child("Ava"), payloads.child("Ben", age=4)])
    assert count() == few


# A Wednesday in office hours, with the clock stopped: the time between setting
# the deadline and reading the page cannot turn 3 hours overdue into 2 or 4.
@time_machine.travel(dt.datetime(2026, 11, 18, 11, 0, tzinfo=LONDON), tick=False)
def test_the_queue_lists_the_nearest_deadline_first_with_a_time_left_tag(staff) -> None:
    later, sooner = make_request(staff.rita), make_request(staff.rita)
    Deadline.objects.filter(request=sooner).update(due_at=timezone.now() - dt.timedelta(hours=3))
    html = client_for(staff.harry).get("/triage/?tab=new").content.decode()
    assert html.index(sooner.reference) < html.index(later.reference)
    assert "Overdue by 3 hours" in html
    assert "govuk-tag--red" in html


def test_siblings_are_shown_together_in_one_row(staff) -> None:
    support_request = make_request(staff.rita, children=[payloads.child("Ava"), payloads.child("Ben", age=4)])
    html = client_for(staff.harry).get("/triage/").content.decode()
    row = html[html.index(support_request.reference) :]
    row = row[: row.index("</tr>")]
    assert "Ava Smith" in row and "Ben Smith" in row


def test_tabs_count_each_stage_and_filters_narrow_the_list(staff) -> None:
    a, b = make_request(staff.rita), request_in_triage_step(staff)
    RequestForSupport.objects.filter(pk=a.pk).update(immediate_risk=True)
    html = client_for(staff.harry).get("/triage/?tab=new").content.decode()
    assert re.search(r"New <span[^>]*>1</span>", html) and re.search(r"Triage <span[^>]*>1</span>", html)
    urgent = client_for(staff.harry).get("/triage/?tab=new&urgent=yes").content.decode()
    assert a.reference in urgent
    mine = client_for(staff.harry).get("/triage/?tab=triage&worker=me").content.decode()
    assert b.reference not in mine  # started, but not claimed


def test_a_referrer_or_partner_cannot_open_the_queue(staff) -> None:
    assert client_for(staff.rita).get("/triage/").status_code == 403
    assert client_for(staff.paula).get("/triage/").status_code == 403


def test_the_request_page_shows_everything_sent_and_records_the_read(staff, submitted) -> None:
    html = client_for(staff.harry).get(f"/triage/requests/{submitted.reference}/").content.decode()
    for text in ["Ava Smith", "Kim Smith", "Breakfast club", "Requested: level 3", "Kim Smith (Mother)", "rfs-consent"]:
        assert text in html.replace("&#x27;", "'"), text
    assert AuditEvent.objects.filter(actor=staff.harry, action="view", reference=submitted.reference).exists()


def test_the_request_page_offers_only_the_moves_this_person_may_make(staff, submitted) -> None:
    worker = client_for(staff.harry).get(f"/triage/requests/{submitted.reference}/").content.decode()
    assert "Start triage" in worker and "Approve the decision" not in worker
    support_request = request_awaiting_approval(staff, submitted)
    assert (
        "Approve the decision"
        not in client_for(staff.harry).get(f"/triage/requests/{support_request.reference}/").content.decode()
    )
    assert (
        "Approve the decision"
        in client_for(staff.priya).get(f"/triage/requests/{support_request.reference}/").content.decode()
    )


def test_staff_from_another_area_are_answered_as_if_the_request_did_not_exist(staff, submitted, luton) -> None:
    outsider = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    assert client_for(outsider).get(f"/triage/requests/{submitted.reference}/").status_code == 404
    assert client_for(outsider).post(f"/triage/requests/{submitted.reference}/begin/").status_code == 404


def test_a_refused_move_shows_why_and_keeps_what_was_typed(staff) -> None:
    # Without parental consent, level 3 cannot become a contact (rule 10).
    support_request = request_in_triage_step(staff, consent=payloads.consent_override())
    response = client_for(staff.harry).post(
        f"/triage/requests/{support_request.reference}/screen/",
        {
            "screen-level": "3",
            "screen-statutory_basis": "none",
            "screen-action": "contact",
            "screen-reasons": "My careful reasons about Ava",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "level 3 with parental consent" in html and "My careful reasons about Ava" in html
    assert "govuk-error-summary" in html


def test_losing_a_race_keeps_the_typed_reasons_and_says_what_happened(staff) -> None:
    support_request = request_in_triage_step(staff)
    client = client_for(staff.sian)
    stale_page = client.get(f"/triage/requests/{support_request.reference}/")
    assert stale_page.status_code == 200
    services.triage_screen(
        request=support_request, by=staff.harry, action="contact", level=4, reasons="Harry was first"
    )
    response = client.post(
        f"/triage/requests/{support_request.reference}/screen/",
        {
            "screen-level": "4",
            "screen-statutory_basis": "s47",
            "screen-action": "contact",
            "screen-reasons": "Sian's long and careful reasons",
        },
    )
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 409
    assert "Sian's long and careful reasons" in html
    # The page reads the request afresh when Sian posts, so the service sees it is
    # already a contact and refuses the move by name; it is not a stale write.
    assert "You cannot make a contact while the request is 'Contact'." in html
    assert RequestForSupport.objects.get(pk=support_request.pk).history.filter(name="screen_to_contact").count() == 1


def test_the_request_page_counts_working_days_from_the_next_opening(staff, submitted) -> None:
    sunday = dt.datetime(2026, 11, 22, 9, 11, tzinfo=LONDON)
    Deadline.objects.filter(request=submitted).update(
        started_at=sunday, due_at=dt.datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    )
    with time_machine.travel(sunday, tick=False):
        client = client_for(staff.harry)
        html = client.get(f"/triage/requests/{submitted.reference}/").content.decode()
    assert "Day 0 of 1" in html and "1 working day left" in html


def test_the_queue_pages_through_every_request_in_a_tab_and_says_how_many_pages(staff) -> None:
    for _ in range(53):
        make_request(staff.rita)
    client = client_for(staff.harry)
    first = client.get("/triage/?tab=new").content.decode()
    second = client.get("/triage/?tab=new&page=2").content.decode()
    shown = set(re.findall(r'name="requests" type="checkbox" value="([^"]+)"', first)) | set(
        re.findall(r'name="requests" type="checkbox" value="([^"]+)"', second)
    )
    assert shown == set(RequestForSupport.objects.values_list("reference", flat=True))
    assert "Page 1 of 2" in first and "Page 2 of 2" in second


def test_an_unknown_tab_shows_the_new_requests(staff) -> None:
    support_request = make_request(staff.rita)
    html = client_for(staff.harry).get("/triage/?tab=nonsense").content.decode()
    assert support_request.reference in html
    assert 'app-queue-tabs__current" href="?tab=new"' in html


def test_the_queue_records_its_search_and_every_row_shown_in_one_statement(staff) -> None:
    for _ in range(3):
        make_request(staff.rita)
    client = client_for(staff.harry)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/triage/?tab=new").status_code == 200
    audit_writes = [q["sql"] for q in queries if 'INTO "hub_auditevent"' in q["sql"]]
    assert len(audit_writes) == 1
    written = AuditEvent.objects.filter(actor=staff.harry).order_by("pk")
    assert [e.action for e in written] == ["search", "view", "view", "view"]


def test_the_queue_leaves_the_long_answers_in_the_database(staff) -> None:
    worries = {**payloads.WORRIES, "worries": "Written only for the request page"}
    make_request(staff.rita, worries={key: [value] for key, value in worries.items()})
    client = client_for(staff.harry)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/triage/?tab=new").content.decode()
    assert "Written only for the request page" not in page
    listing = [q["sql"] for q in queries if 'FROM "requests_app_requestforsupport"' in q["sql"] and "LIMIT" in q["sql"]]
    assert listing and not [sql for sql in listing if '"worries"' in sql or '"suggestion_reasons"' in sql]


def test_a_hub_workers_header_counts_cost_one_query(staff) -> None:
    make_request(staff.rita, start={"immediate_risk": ["yes"]})
    client = client_for(staff.harry)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/notifications/").content.decode()
    assert "1 request at immediate risk is waiting to be claimed" in page
    counting = [q["sql"] for q in queries if 'FROM "notifications_notification"' in q["sql"] and "COUNT" in q["sql"]]
    assert len(counting) == 1 and "requests_app_requestforsupport" in counting[0]


def test_the_queue_plans_who_is_asking_and_the_headers_counts_once_and_then_reuses_the_plans(staff) -> None:
    make_request(staff.rita, start={"immediate_risk": ["yes"]})
    client = client_for(staff.harry)
    for _ in range(7):  # PostgreSQL weighs a statement's own plan against five made for each call first
        assert "1 request at immediate risk is waiting to be claimed" in client.get("/triage/?tab=new").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements WHERE NOT from_sql")
        kept = cursor.fetchall()
    standing = [plans for statement, plans in kept if "hub_user_groups" in statement]
    counts = [plans for statement, plans in kept if "notifications_notification" in statement]
    assert standing and standing[0] >= 1, kept
    assert counts and counts[0] >= 1, kept


def test_a_queue_row_shows_what_a_referrer_typed_as_text_not_markup(staff) -> None:
    support_request = make_request(staff.rita, children=[payloads.child("<b>Ava</b>")])
    RequestForSupport.objects.filter(pk=support_request.pk).update(referrer_agency='<script>alert("x")</script>')
    html = client_for(staff.harry).get("/triage/?tab=new").content.decode()
    row = html[html.index(f'id="select-{support_request.reference}"') :]
    row = row[: row.index("</tr>")]
    assert "&lt;b&gt;Ava&lt;/b&gt; Smith" in row and "<b>Ava" not in row
    assert "&lt;script&gt;" in row and "<script>alert" not in html


def test_the_queues_clocks_count_the_areas_closure_days_without_a_query_of_their_own(staff) -> None:
    from deadlines.models import ClosureDay

    make_request(staff.rita)
    ClosureDay.objects.create(area=staff.harry.area, date=dt.date(2026, 12, 29), reason="Council closure")
    with CaptureQueriesContext(connection) as queries:
        assert client_for(staff.harry).get("/triage/?tab=new").status_code == 200
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT "deadlines_closureday"')]
    assert [q["sql"] for q in queries if '"deadlines_closureday"' in q["sql"]]  # read with the rows


def test_the_request_page_reads_its_clocks_and_its_consents_withdrawals_once_each(staff) -> None:
    """The actions offered ask whether consent was withdrawn and whether a LADO clock is open; the page
    has read both already (the sent copy's withdrawals, the clocks table)."""
    request = request_in_triage_step(staff)
    client = client_for(staff.harry)
    client.get(f"/triage/requests/{request.reference}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/triage/requests/{request.reference}/").status_code == 200
    tables = [q["sql"] for q in queries]
    assert sum('FROM "deadlines_deadline"' in sql for sql in tables) == 1
    assert sum('FROM "consent_consentwithdrawal"' in sql for sql in tables) == 1


def test_the_request_page_offers_to_record_telling_the_lado_only_while_its_clock_is_open(staff) -> None:
    worries = {**payloads.WORRIES, "allegation_against_professional": "yes"}
    worries.update(payloads.date_parts("allegation_known_on", timezone.localdate()))
    request = request_in_triage_step(staff, make_request(staff.rita, worries={k: [v] for k, v in worries.items()}))
    ordinary = request_in_triage_step(staff)
    client = client_for(staff.harry)
    page = client.get(f"/triage/requests/{request.reference}/").content.decode()
    assert "Record that the LADO was told" in page
    assert "Record that the LADO was told" not in client.get(f"/triage/requests/{ordinary.reference}/").content.decode()
    services.lado_told(request=request, by=staff.harry, note="Told the LADO's duty officer")
    assert "Record that the LADO was told" not in client.get(f"/triage/requests/{request.reference}/").content.decode()
