"""Pages over HTTP under gunicorn, driven by wrk on loopback, each beside a bare view measured in
the same run: the queue (first page of new requests, sorted by deadline) and its searches by
surname and by date of birth, a request's page with its whole timeline, and a manager's home,
beside a bare view that renders 50 rows of the same table through a template; and a request
submitted through the API beside a bare view that inserts one row and three children.

The queue page is measured first at a county's 200,000 historic requests (each a real closed
request's whole record), then the history grows to 2,000,000 and every page is measured there, so
the growth between them is measured in the same run. BENCH_SCALE=national grows it to 20,000,000."""

import copy
import datetime as dt
import json
import os
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import harness, http
from bench.harness import Result, Target, p95_ratio_at_most, throughput_ratio_at_least
from bench.scale import bulk_loaded, clocks_opened, factor, queue_history, requests_copy
from hub.roles import Role
from hub.sign_in.services import api_token_issue
from requests_app.api.serializers import EXAMPLE
from requests_app.models import Child, RequestForSupport
from tests.factories import persona
from tests.request_factories import request_awaiting_icpc
from triage.services import note_add

COUNTY = 200_000
# Issue 15 asks for the queue at 200,000 and at 2,000,000: every run measures the queue at the first,
# then grows the history tenfold and measures every page there (BENCH_SCALE=national: a hundredfold).
HISTORIC = 10 * COUNTY * factor()
OPEN = 300
BARE_ROWS = "bare view, 50 rows through a template"
COUNTY_KEPT = "bench_http_county"
# For pytest-django to create the test database; the cases only read, inside a transaction rolled
# back after each. What gunicorn serves is written, and committed, by the `hub` fixture.
pytestmark = pytest.mark.django_db


@dataclass
class Hub:
    server: http.Server
    queue: http.Call
    surname: http.Call
    born: http.Call
    request_page: http.Call
    home: http.Call
    submit: http.Call
    bare_rows: dict
    bare_insert: http.Call
    # The county's database as it stood before the history grew, for the growth case.
    county_database: dict | None = None


def _settled() -> None:
    """Measure the tables as they settle, not while autovacuum works through the rows just loaded on the
    same two cores (the growth figure moved from -9% to +22% between runs without this). Every table
    the load wrote, not only the queue's: the county's whole records fill a dozen more. With only the
    queue's two vacuumed, the first case measured (the queue at 200,000) ran 1.55x and 1.56x its bare
    view's p95 in two full runs, against 1.34x and 1.42x at 2,000,000; with all of them, 1.36x."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cookie(client: Client) -> dict:
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def _searched(user, text: str, finds: str) -> http.Call:
    """The search is posted and kept in the session (never in the address); wrk asks for the page it leads to."""
    client = _session(user)
    location = client.post("/triage/?tab=new", {"q": text})["Location"]
    assert finds in client.get(location).content.decode()
    return http.Call(location, _cookie(client))


def _with_a_whole_timeline(rita, harry, tom):
    """A request walked to a booked child protection conference, with notes along the way."""
    walked = request_awaiting_icpc(SimpleNamespace(rita=rita, harry=harry, tom=tom))
    for n in range(10):
        note_add(request=walked, by=harry, text=f"Spoke to the school nurse, visit {n + 1}.")
    return walked


def _three_children() -> str:
    payload = copy.deepcopy(EXAMPLE)
    payload["children"] = [{**payload["children"][0], "first_name": name} for name in ("Ava", "Ben", "Cal")]
    return json.dumps(payload)


def _built() -> dict:
    # queue_history routes its in-process bare list through the settings it is given; gunicorn has
    # its own URLconf (bench/urls.py), so a stand-in takes that route.
    # Every copied child has a name and birthday of its own (bench.scale.NAMED).
    harry, template = queue_history(SimpleNamespace(), historic=COUNTY, open_requests=OPEN, records=True, named=True)
    clocks_opened(template)
    _settled()
    with connection.cursor() as cursor:
        cursor.execute(
            # The oldest open request: without deadlines, the queue's first page lists it too.
            "SELECT r.reference, c.last_name, c.date_of_birth FROM requests_app_child c "
            "JOIN requests_app_requestforsupport r ON r.id = c.request_id "
            "WHERE r.reference LIKE 'O-%%' ORDER BY r.received_at, c.id LIMIT 1"
        )
        found, surname, born = cursor.fetchone()
    rita, tom = template.referrer, persona(Role.TEAM_MANAGER, area=harry.area)
    walked = _with_a_whole_timeline(rita, harry, tom)
    worker, manager = _cookie(_session(harry)), _cookie(_session(tom))
    token = api_token_issue(user=rita)
    return {
        "template": template,
        "queue": http.Call("/triage/?tab=new", worker),
        "surname": _searched(harry, surname.lower(), found),
        "born": _searched(harry, born.strftime("%d/%m/%Y"), found),
        "request_page": http.Call(f"/triage/requests/{walked.reference}/", worker),
        "home": http.Call("/", manager),
        "submit": http.Call(
            "/api/v1/requests/",
            {"Authorization": f"Token {token}", "Content-Type": "application/json"},
            method="POST",
            body=_three_children(),
            status=201,
            keyed=True,
        ),
        "bare_rows": {"worker": worker, "manager": manager},
        "bare_insert": http.Call("/bare-insert/", worker, method="POST", status=201),
    }


def _grown(template) -> None:
    """The rest of the history, older than the county's: requests and their children only (what the
    queue and its search read; the county's 200,000 carry whole records), their children named likewise."""
    with bulk_loaded(RequestForSupport, Child):
        requests_copy(
            template=template,
            count=HISTORIC - COUNTY,
            status="closed",
            prefix="N-",
            ending=timezone.now() - dt.timedelta(days=4 * 365),
            named=True,
        )
    _settled()


@pytest.fixture(scope="module")
def hub(django_db_blocker, tmp_path_factory):
    if http.wrk_missing():
        # A missing tool must not quietly leave the HTTP figures out of the report.
        pytest.fail("wrk is not installed: `make bench` installs it (Debian's wrk)")
    with django_db_blocker.unblock(), http.database_copy() as database:
        built = _built()
        template = built.pop("template")
        log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
        # The county kept as it stands (before gunicorn connects: a copy needs its original to itself).
        with http.database_kept(COUNTY_KEPT) as county_database, http.gunicorn(database, log) as server:
            site = Hub(server=server, county_database=county_database, **built)
            # The queue and its searches at a county's size too (formerly in-process, bench/test_queue.py
            # and bench/test_queue_search.py, each loading its own 200,000).
            _queue_and_searches(site, COUNTY)
            # Issue 15 asks for the manager's home at both sizes, as for the queue.
            _managers_home(site, COUNTY)
            _grown(template)
            yield site


def _bare(site: Hub, who: str = "worker") -> http.Call:
    return http.Call("/bare-rows/", site.bare_rows[who])


def _managers_home(site: Hub, history: int) -> None:
    http.compare(
        f"manager's home, {history:,}",
        site.server,
        site.home,
        _bare(site, "manager"),
        baseline_name=BARE_ROWS + ", same manager",
        target=p95_ratio_at_most(1.5),
    )


def _queue_and_searches(site: Hub, history: int) -> None:
    """The queue's first page and its two searches, each beside the bare view, with `history` stored."""
    http.compare(
        f"queue page, 50 of {OPEN} new, {history:,} historic",
        site.server,
        site.queue,
        _bare(site),
        baseline_name=BARE_ROWS,
        target=p95_ratio_at_most(1.5),
    )
    for name, call in (("surname", site.surname), ("date of birth", site.born)):
        http.compare(
            f"queue search: {name}, {history:,}",
            site.server,
            call,
            _bare(site),
            baseline_name=BARE_ROWS,
            target=p95_ratio_at_most(2),
        )


def test_the_queue_and_its_searches_over_http_against_a_bare_template_view(hub) -> None:
    _queue_and_searches(hub, HISTORIC)


def test_a_request_page_with_its_whole_timeline_and_a_managers_home_over_http(hub) -> None:
    http.compare(
        f"request page, whole timeline, {HISTORIC:,}",
        hub.server,
        hub.request_page,
        _bare(hub),
        baseline_name=BARE_ROWS,
    )
    _managers_home(hub, HISTORIC)


def test_the_queue_grows_less_than_a_fifth_from_a_county_to_a_nation(hub, tmp_path) -> None:
    # The same page, the same session, from the county's database as it stood and from the grown one,
    # each served by its own gunicorn and asked in turns: whatever else the machine does falls on both
    # alike. (Measured minutes apart, each against its own bare view, the rise moved from -4% to +20%
    # between runs of the same code.)
    with http.gunicorn(hub.county_database, tmp_path / "county.log") as county:
        grown, before = http.measured(hub.queue, hub.queue, servers=[hub.server, county])
    rise = grown.p95_ms / before.p95_ms
    harness.RESULTS.append(
        Result(
            f"HTTP: queue page growth, {COUNTY:,} to {HISTORIC:,}",
            http.timing(grown),
            http.timing(before),
            f"the same page at {COUNTY:,}, in turns",
            f"p95 {grown.p95_ms:.1f} ms at {HISTORIC:,} against {before.p95_ms:.1f} ms at {COUNTY:,} "
            f"({rise - 1:+.0%}); each database served by its own gunicorn, the two asked in turns",
            Target("p95 rises less than 20%", lambda r: rise < 1.2),
        )
    )


def test_submitting_through_the_api_over_http_against_a_bare_insert(hub) -> None:
    # Last: every submission is a new open request in the queue the cases above measured.
    http.compare(
        "submit through the API (3 children)",
        hub.server,
        hub.submit,
        hub.bare_insert,
        baseline_name="bare view: 1 row + 3 children",
        target=throughput_ratio_at_least(0.5),
        note="a new Idempotency-Key each request",
    )


def test_where_the_time_goes_when_asked(hub) -> None:
    if not os.environ.get("BENCH_HTTP_PROFILE"):
        pytest.skip("BENCH_HTTP_PROFILE=1 profiles each case in this process (pyinstrument) into var/bench-profiles")
    http.profiled(
        {
            "queue page": hub.queue,
            "queue search surname": hub.surname,
            "request page": hub.request_page,
            "manager's home": hub.home,
            "submit through the API": hub.submit,
            "bare rows": _bare(hub),
        },
        http.ROOT / "var" / "bench-profiles",
    )
