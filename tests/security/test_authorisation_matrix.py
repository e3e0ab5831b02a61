"""Who may open what, for every URL the service has.

The table below has one row per URL name. The test walks the URLconf, so a new URL with no
row fails the suite until someone says who may open it. Each row is checked for everyone:
anonymous visitors, each role in Lancashire (where the records are), and each role's twin who
must not see them (another referrer, the Luton staff, a partner agency nobody asked).

- Anonymous: a page sends them to sign in; the API answers 401 or 403.
- A role the row allows gets its `ok` status on Lancashire's records (or Rita's own).
- A role the row does not allow is refused by its role: 403, the same for any record or none.
  Where the row is `by_object`, the refusal depends on the record, so it is a 404.
- The allowed role's twin asks for a record that is not theirs: 404, with exactly the page a
  record that does not exist gets, so nobody can tell "not yours" from "not there".
- No refused answer shows any of the record's details, and a refused POST changes nothing.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from hub.models import AuditEvent
from hub.roles import ROLE_PERMISSIONS, Role
from tests.helpers import client_for

from .world import SECRETS, build

ALL = frozenset(Role)
REFERRER = frozenset({Role.REFERRER})
PARTNER = frozenset({Role.PARTNER_OFFICER})
MANAGERS = frozenset({Role.PRACTICE_MANAGER, Role.TEAM_MANAGER})
STAFF = frozenset({Role.HUB_WORKER, Role.SENIOR_SOCIAL_WORKER, Role.PRACTICE_MANAGER, Role.TEAM_MANAGER})


@dataclass(frozen=True)
class Row:
    allowed: frozenset
    ok: int | tuple = 200  # what an allowed role gets, with an empty body for a POST
    post_only: bool = False
    by_object: bool = False  # no role gate: whoever may not see the record gets a 404
    anonymous: str | int | tuple = "sign-in"  # "sign-in", "api", or the status a public URL gives


TABLE = {
    "home": Row(ALL),
    "sign-in": Row(ALL, ok=302, anonymous=200),  # someone signed in is sent home
    "sign-out": Row(ALL, ok=302, post_only=True),
    "otp-enrol": Row(ALL, ok=(200, 302)),  # set up an authenticator app, or on to the code page
    "otp-verify": Row(ALL, ok=(200, 302)),
    "password-change": Row(ALL),
    "healthz": Row(ALL, ok=(200, 503), anonymous=(200, 503)),  # 503 while no scheduler runs
    "keep-alive": Row(ALL, ok=204),
    "thresholds:index": Row(ALL),
    "thresholds:glance": Row(ALL),
    "requests:mine": Row(REFERRER),
    "requests:start": Row(REFERRER),
    "requests:tasks": Row(REFERRER),
    "requests:immediate-risk": Row(REFERRER),
    "requests:check": Row(REFERRER),
    "requests:submit": Row(REFERRER, ok=302, post_only=True),  # incomplete: back to check answers
    "requests:coaching-accept": Row(REFERRER, ok=302, post_only=True),  # nothing to accept: back to check answers
    "requests:draft-delete": Row(REFERRER),  # asks "Are you sure?"; the POST deletes
    "requests:upload": Row(REFERRER, ok=400, post_only=True),
    "requests:file-remove": Row(REFERRER, ok=302, post_only=True),
    "requests:section": Row(REFERRER),
    "requests:list": Row(REFERRER),
    "requests:add": Row(REFERRER),
    "requests:item": Row(REFERRER),
    "requests:remove": Row(REFERRER),  # asks "Are you sure?"; the POST removes
    "requests:file": Row(REFERRER | STAFF, by_object=True),
    "requests:confirmation": Row(REFERRER),
    "requests:answer": Row(REFERRER, ok=302, post_only=True),
    "requests:detail": Row(REFERRER),
    "phone:list": Row(STAFF),
    "phone:new": Row(STAFF),
    "phone:detail": Row(STAFF),
    "phone:match": Row(STAFF, ok=302, post_only=True),
    "triage:queue": Row(STAFF),
    "triage:bulk": Row(STAFF, ok=302, post_only=True),  # nothing ticked: back to the queue
    "triage:request": Row(STAFF),
    "triage:child": Row(STAFF),
    "triage:child-record": Row(STAFF, ok=(302, 400), post_only=True),
    "triage:child-close": Row(STAFF, ok=400, post_only=True),
    "triage:child-review": Row(STAFF, ok=400, post_only=True),
    "triage:child-census": Row(STAFF, ok=400, post_only=True),
    "triage:match-new": Row(STAFF, ok=302, post_only=True),
    "triage:match": Row(STAFF, ok=302, post_only=True),
    "triage:action": Row(STAFF),  # an action's own page; the POST performs it
    "triage:access-log": Row(MANAGERS),
    "triage:subject-access": Row(MANAGERS, post_only=True),  # the ZIP
    "triage:checks": Row(PARTNER),
    "triage:check": Row(PARTNER),
    "triage:disagree": Row(REFERRER | PARTNER, by_object=True),
    "triage:resolve": Row(frozenset({Role.TEAM_MANAGER})),
    # The family copy: the request's referrer and hub staff in its area read it; only the referrer
    # confirms it is shared (decision 0020), so to anyone else the confirmation is a missing request.
    "family:copy": Row(REFERRER | STAFF, by_object=True),
    "family:pdf": Row(REFERRER | STAFF, by_object=True),
    "family:confirm": Row(REFERRER, ok=400, post_only=True, by_object=True),  # not ticked: the page again
    "reporting:readiness": Row(MANAGERS),  # the census's export permission: the same managers
    "reporting:annex-a": Row(MANAGERS),  # the form; its POST starts an export job (tests/reporting)
    "reporting:cin-census": Row(MANAGERS),  # likewise
    # An export's page, its progress and its file: managers covering every area the export covers.
    "reporting:export": Row(MANAGERS),
    "reporting:export-status": Row(MANAGERS),
    "reporting:export-download": Row(MANAGERS),
    "reporting:dashboard": Row(MANAGERS),
    "reporting:dashboard-list": Row(MANAGERS),  # with no figure named, the requests received (tests/reporting)
    "notifications:list": Row(ALL),
    "notifications:read": Row(ALL, ok=302, post_only=True),
    "api-requests": Row(REFERRER, ok=400, post_only=True, anonymous="api"),
    "api-requests-review": Row(REFERRER, ok=400, post_only=True, anonymous="api"),  # an empty body is not a request
    "api-request": Row(REFERRER | STAFF, by_object=True, anonymous="api"),
    "api-frameworks": Row(ALL, anonymous="api"),
    "api-framework": Row(ALL, anonymous="api"),
    "api-framework-suggest": Row(ALL, post_only=True, anonymous="api"),
    "api-schema": Row(ALL, anonymous=200),
}

# URL parameters that name a record someone may not see; the rest (a section key, an action,
# an area's public levels of need) name no one.
OBJECT_PARAMS = {
    "draft_id",
    "attachment_id",
    "reference",
    "child_id",
    "person_id",
    "question_id",
    "check_id",
    "disagreement_id",
    "job_id",
}
ABSENT = {
    "draft_id": uuid.UUID(int=1),
    "attachment_id": uuid.UUID(int=2),
    "reference": "RFS-0000-0000",
    "job_id": uuid.UUID(int=3),
}
CASEWORK_AND_PEOPLE = {
    "hub",
    "authtoken",
    "returns",
    "workflow",
    "requests_app",
    "triage",
    "children",
    "consent",
    "deadlines",
    "notifications",
    "phone",
    "reporting",
    "family",
}
# Reference data an administrator looks after; nothing about a child.
NOT_CASEWORK = {"hub", "thresholds", "deadlines", "auth"}
CASEWORK = {
    "requests_app",
    "triage",
    "children",
    "consent",
    "phone",
    "returns",
    "notifications",
    "workflow",
    "family",
}


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", params: frozenset = frozenset()):
    """(name, parameter names) for every pattern; an unnamed pattern is named by its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = params | set(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner, frozenset(found))
        else:
            yield (namespace + (pattern.name or str(pattern.pattern))), found


def url_for(name: str, params: set, world, *, absent: bool = False) -> str:
    many = name in ("requests:list", "requests:add", "requests:item", "requests:remove")
    real = {
        "draft_id": world.draft.pk,
        "attachment_id": world.sent_file.pk if name == "requests:file" else world.draft_file.pk,
        "reference": world.phone.reference if name.startswith("phone:") else world.sent.reference,
        "child_id": world.child.pk,
        "person_id": world.person.pk,
        "question_id": world.question.pk,
        "check_id": world.check.pk,
        "disagreement_id": world.disagreement.pk,
        "job_id": world.export_job.pk,
        "key": "children" if many else "start",
        "index": 0,
        "action": "reject" if name == "triage:match" else "ask",
        "stage": "sent",
        "area_slug": "lancashire",
    }
    if absent:
        real.update({p: ABSENT.get(p, 2_000_000_000) for p in params & OBJECT_PARAMS})
    return reverse(name, kwargs={p: real[p] for p in params})


def comparable(content: bytes) -> str:
    """The body, with the per-response CSRF mask and any CSP nonce blanked: they differ on every
    response, even the same page twice."""
    text = content.decode(errors="replace")
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1", text)
    return re.sub(r'(nonce=")[^"]*', r"\1", text)


def differs(response, missing) -> str:
    """'' if the two answers are the same; else where they first part."""
    if response.status_code != missing.status_code:
        return f"{response.status_code} against {missing.status_code}"
    one, other = comparable(response.content), comparable(missing.content)
    at = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))
    return "" if one == other else f"the bodies part at {one[max(0, at - 40) : at + 40]!r}"


def database_state() -> dict:
    """Every row of every model of ours, but the audit trail and sign-in times."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label not in CASEWORK_AND_PEOPLE or model is AuditEvent:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        state[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return state


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, rolled back at its end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build()
        built.visitors = {f"{role.label} in Lancashire": (role, user) for role, user in built.insiders.items()}
        built.visitors |= {f"{role.label} outside": (role, user) for role, user in built.outsiders.items()}
        built.clients = {label: client_for(user) for label, (_, user) in built.visitors.items()}
        yield built
        transaction.set_rollback(True)


def leaks(response, world) -> list[str]:
    """The details of Rita's records, and their references, that this answer shows."""
    body = response.content.decode(errors="replace")
    return [secret for secret in [*SECRETS, world.sent.reference, world.phone.reference] if secret in body]


def send(client: Client, method: str, url: str):
    """An empty body: an empty form for a page, an empty JSON object for the API."""
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, "{}", content_type="application/json")
    return client.post(url)


def test_every_url_has_a_row_in_the_table() -> None:
    named = {name for name, _ in url_patterns() if not name.startswith("admin:")}
    assert named - set(TABLE) == set(), "New URLs: say who may open them in TABLE"
    assert set(TABLE) - named == set(), "Rows for URLs that no longer exist"


def refusal(row: Row, role: Role, outsider: bool, by_record: bool) -> int | None:
    """What this visitor must get, or None if they are allowed in."""
    if role in row.allowed:
        return 404 if outsider and by_record else None
    return 404 if row.by_object else 403


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_visitor_gets_what_the_table_says(world, db, name: str) -> None:
    row = TABLE[name]
    params = dict(url_patterns())[name]
    by_record = bool(params & OBJECT_PARAMS)
    url = url_for(name, params, world)
    absent_url = url_for(name, params, world, absent=True) if by_record else None
    # A page takes a POST too; an API read answers a POST 405 before anything is looked up.
    methods = ["POST"] if row.post_only else ["GET"] if name.startswith("api-") else ["GET", "POST"]
    problems = []
    before = database_state()
    for label, (role, _) in world.visitors.items():
        expected = refusal(row, role, "outside" in label, by_record)
        if expected is None:
            continue
        client = world.clients[label]
        # A role's refusal is the same decorator whatever the method; a record's is tried with both.
        for method in methods if expected == 404 else methods[:1]:
            response = send(client, method, url)
            if response.status_code != expected:
                problems.append(f"{label} {method}: {response.status_code}, expected {expected}")
            if found := leaks(response, world):
                problems.append(f"{label} {method}: the refusal shows {found}")
            if absent_url and method == methods[0]:
                missing = send(client, method, absent_url)
                if difference := differs(response, missing):
                    problems.append(f"{label} {method}: not the answer for a record that does not exist: {difference}")
    assert database_state() == before, "A refused request changed something"

    anonymous = Client()
    for method in methods if row.anonymous in ("sign-in", "api") else ["GET"]:
        response = send(anonymous, method, url)
        if row.anonymous == "sign-in":
            went_to = response.get("Location", "")
            if response.status_code != 302 or not went_to.startswith("/sign-in/"):
                problems.append(f"anonymous {method}: {response.status_code} {went_to}, expected sign-in")
        elif row.anonymous == "api":
            if response.status_code not in (401, 403):
                problems.append(f"anonymous {method}: {response.status_code}, expected 401 or 403")
        elif response.status_code not in (row.anonymous if isinstance(row.anonymous, tuple) else (row.anonymous,)):
            problems.append(f"anonymous {method}: {response.status_code}, expected {row.anonymous}")
        if found := leaks(response, world):
            problems.append(f"anonymous {method}: shows {found}")

    # The allowed: in Lancashire on its records; outside on pages that name no record, which
    # must then show nothing of Lancashire's.
    ok = row.ok if isinstance(row.ok, tuple) else (row.ok,)
    for label, (role, user) in world.visitors.items():
        if role not in row.allowed or ("outside" in label and by_record):
            continue
        response = send(client_for(user), methods[0], url)
        if response.status_code not in ok:
            problems.append(f"{label} {methods[0]}: {response.status_code}, expected {row.ok}")
        if "outside" in label and (found := leaks(response, world)):
            problems.append(f"{label} {methods[0]}: shows Lancashire's {found}")
    assert not problems, "\n".join(problems)


ADMIN_SAMPLE = ["admin:index", "admin:hub_area_changelist", "admin:hub_user_changelist", "admin:password_change"]
SIGN_IN = ("/admin/login/", "/sign-in/")


def test_only_an_administrator_reaches_the_admin_site(world, db) -> None:
    problems = []
    for name in ADMIN_SAMPLE:
        url = reverse(name)
        for label, (role, user) in world.visitors.items():
            response = client_for(user).get(url)
            if role == Role.ADMIN:
                if response.status_code != 200:
                    problems.append(f"{label}: {name} {response.status_code}")
            elif response.status_code != 302 or not response["Location"].startswith(SIGN_IN):
                problems.append(f"{label}: {name} {response.status_code}, expected the admin sign-in")
        response = Client().get(url)
        if response.status_code != 302 or not response["Location"].startswith(SIGN_IN):
            problems.append(f"anonymous: {name} {response.status_code}")
    assert not problems, "\n".join(problems)


def test_the_admin_site_offers_no_childrens_records(world, db) -> None:
    registered = {model._meta.app_label for model in admin.site._registry}
    held = world.insiders[Role.ADMIN].get_all_permissions()
    casework = {permission for role in Role if role != Role.ADMIN for permission in ROLE_PERMISSIONS[role]}
    assert registered & CASEWORK == set()
    assert {permission.split(".")[0] for permission in held} <= NOT_CASEWORK
    assert held & casework == set(), "An administrator holds a caseworker's permission"


def test_a_worker_from_another_area_cannot_claim_or_assign_a_request_in_bulk(world, db) -> None:
    before = database_state()
    for role in (Role.HUB_WORKER, Role.TEAM_MANAGER):
        outsider = world.outsiders[role]
        for bulk in ("claim", "assign"):
            form = {"requests": [world.sent.reference], "bulk": bulk, "to": outsider.pk}
            assert client_for(outsider).post("/triage/bulk/", form).status_code == 302
    assert database_state() == before
