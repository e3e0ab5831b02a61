"""No page the service renders holds inline script or inline style, so the Content-Security-Policy
(script-src 'self', style-src 'self') blocks nothing of ours and would block anything injected.

Each role's pages are crawled from a few starting points, following every link to another page of
the service, so a page added later is checked without being listed here.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views import defaults

from hub.models import Agency
from tests.helpers import client_for, fresh
from tests.request_factories import make_request, request_awaiting_approval, request_in_contact
from tests.requests_app.conftest import fill_draft
from triage import services
from triage.services import disagreements

pytestmark = pytest.mark.django_db

# Links that leave the pages a person reads: static files, downloads and the API.
NOT_CRAWLED = ("/static/", "/api/", "/requests/files/", "/admin/jsi18n/")
DOWNLOADS = ("/pdf/",)
PAGES_PER_PERSON = 80


class InlineCode(HTMLParser):
    """Everything in a page that a policy without 'unsafe-inline' would refuse to run or apply."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            elif name == "style":
                self.found.append(f'style="{value}" on <{tag}>')
            elif (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f'{name}="{value}" on <{tag}>')


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def pages_linked_from(path: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(path, href))
        if url.scheme or url.netloc or not url.path.startswith("/") or url.path.startswith(NOT_CRAWLED):
            continue
        if url.path.endswith(DOWNLOADS):
            continue
        if url.path.startswith("/admin/") and url.query:
            continue  # the admin's sort and filter links show the same change list again
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def shape(path: str) -> str:
    """The page a path shows, whichever row: one indicator's change form stands for all of them, one
    request's note page for every request's, and a tab sorted one way for every order of it."""
    path = re.sub(r"/[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}/", "/REF/", re.sub(r"/\d+/", "/N/", path))
    return re.sub(r"&sort=[-\w]+", "", path)


def crawl(client: Client, start: list[str], within: str = "/") -> tuple[list[str], dict[str, list[str]]]:
    """Every HTML page under `within` reachable by links from `start` (one of each shape, up to a
    limit; each start page whatever its shape, since two requests in different states offer
    different actions): those visited, and the inline code or missing policy found on each."""
    queue, seen, shapes, problems = deque(start), set(), set(), {}
    while queue and len(seen) < PAGES_PER_PERSON:
        path = queue.popleft()
        if (shape(path) in shapes and path not in start) or path in seen or not path.startswith(within):
            continue
        seen.add(path)
        shapes.add(shape(path))
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        policy = response.get("Content-Security-Policy", "")
        found = inline_code(html) + ([] if "script-src 'self'" in policy else ["no script-src 'self' policy"])
        if found:
            problems[path] = found
        queue.extend(pages_linked_from(path, html))
    return sorted(seen), problems


def test_the_scan_finds_inline_script_handlers_styles_and_javascript_urls() -> None:
    html = (
        "<script>alert(1)</script><script src='/static/js/init.mjs'></script>"
        '<style>p{}</style><button onclick="go()">Go</button><p style="color:red">Hi</p>'
        '<a href="javascript:void(0)">x</a><a href="/ok">fine</a>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style> element",
        "onclick= on <button>",
        'style="color:red" on <p>',
        'href="javascript:void(0)" on <a>',
    ]


def test_the_sign_in_and_error_pages_hold_no_inline_code() -> None:
    client = Client()
    pages = {
        "sign in": client.get("/sign-in/"),
        "sign in refused": client.post("/sign-in/", {"username": "nobody", "password": "wrong"}),
        "not found": client.get("/sign-in/no-such-page/"),
        "problem": defaults.server_error(RequestFactory().get("/")),
    }
    assert pages["not found"].status_code == 404
    assert {name: found for name, r in pages.items() if (found := inline_code(r.content.decode()))} == {}


def test_a_referrers_pages_hold_no_inline_code(staff) -> None:
    client = client_for(staff.rita)
    draft_id = fill_draft(client)
    sent = make_request(staff.rita)
    empty = client.post("/requests/new/")["Location"].rsplit("/", 2)[0]
    refused = client.post(f"{empty}/about_you/", {"continue": ""})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    start = [
        "/",
        f"/requests/drafts/{draft_id}/",
        f"/requests/drafts/{draft_id}/check/",
        f"/requests/drafts/{draft_id}/immediate-risk/",
        f"{empty}/",
        f"/requests/{sent.reference}/sent/",
        f"/triage/disagree/{sent.reference}/",
        "/triage/",  # refused: the permission page
    ]
    seen, problems = crawl(client, start)
    assert f"/requests/drafts/{draft_id}/children/list/" in seen and f"/requests/{sent.reference}/" in seen
    assert problems == {}
    assert inline_code(refused.content.decode()) == []


def test_the_hubs_pages_hold_no_inline_code(staff) -> None:
    waiting, contact = request_awaiting_approval(staff), request_in_contact(staff)
    requests = [f"/triage/requests/{waiting.reference}/", f"/triage/requests/{contact.reference}/"]
    seen, problems = crawl(client_for(staff.harry), ["/", *requests, "/phone-referrals/new/"])
    assert {"/triage/?tab=urgent", *requests} <= set(seen) and any("/children/" in path for path in seen)
    assert problems == {}
    # A senior social worker and a manager are offered other actions on the same pages.
    for person in [staff.sian, staff.tom]:
        assert crawl(client_for(person), requests, within="/triage/requests/")[1] == {}, person.username


def test_a_partners_pages_hold_no_inline_code(staff) -> None:
    support_request = request_in_contact(staff)
    police = Agency.objects.get(name="Lancashire Constabulary")
    check = services.check_request(
        request=support_request, agency=police, question="Any call-outs?", rag="amber", by=staff.harry
    )
    services.request_consent_withdraw(
        request=fresh(support_request), by=staff.harry, withdrawn_by="Mother", withdrawn_on=timezone.localdate()
    )
    disagreement = disagreements.disagreement_raise(request=support_request, by=staff.paula, evidence="We disagree")
    seen, problems = crawl(client_for(staff.paula), ["/", f"/triage/checks/{check.pk}/"])
    assert f"/triage/checks/{check.pk}/" in seen
    assert problems == {}
    seen, problems = crawl(client_for(staff.tom), [f"/triage/disagreements/{disagreement.pk}/"])
    assert problems == {}


def test_the_admin_pages_hold_no_inline_code(staff) -> None:
    seen, problems = crawl(client_for(staff.ada), ["/admin/"], within="/admin/")
    pages = {shape(path) for path in seen}
    assert {
        "/admin/hub/user/add/",
        "/admin/hub/user/N/change/",
        "/admin/thresholds/frameworkversion/N/change/",
    } <= pages
    assert problems == {}
