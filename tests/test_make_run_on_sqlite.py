"""`make run` keeps its embedded default: SQLite and a broker on disk. The suite itself runs on
PostgreSQL, so a query only PostgreSQL understands (an ARRAY subquery, once) would pass every other
test and break the first thing a newcomer runs. This loads a small demo year on SQLite in a
subprocess, as `make run` does, then opens the queue, a request and the returns as their users, and
runs the deadline sweep, whose batch writes have a portable form for SQLite."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = """
from django.test import Client
from hub.models import User
from requests_app.models import RequestForSupport

def client(name):
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(User.objects.get(username=name))
    return c

reference = RequestForSupport.objects.filter(area__slug="lancashire").latest("received_at").reference
for name, path in [
    ("hubworker", "/triage/"),
    ("hubworker", "/triage/?tab=all&q=a"),
    # The queue's compiled queries, with a time, a person and an order in each (triage/queue.py).
    ("hubworker", "/triage/?tab=closed&sort=age"),
    ("hubworker", "/triage/?tab=all&overdue=yes&worker=me&page=2"),
    ("hubworker", f"/triage/requests/{reference}/"),
    ("teammanager", "/"),
    ("teammanager", "/reporting/"),
]:
    status = client(name).get(path).status_code
    assert status == 200, (name, path, status)

# A search is posted, kept in the session, and counted with the list (triage/queue.py). On SQLite a
# reference's case-blind match escapes its text: "%" and "_" are letters, not "anything".
worker = client("hubworker")
for text in ("%", "_"):
    page = worker.get(worker.post("/triage/?tab=all", {"q": text})["Location"]).content.decode()
    assert 'All open work <span class="govuk-tag govuk-tag--grey">0</span>' in page, text
print("pages ok")

# The sweep's stamp and outbox insert each have a portable form for SQLite beside PostgreSQL's.
from deadlines.services import deadlines_sweep
from notifications.models import Notification

sent = deadlines_sweep()
assert sent > 0 and Notification.objects.filter(kind__in=["reminder", "escalation", "chaser"]).exists(), sent
assert deadlines_sweep() == 0, "each stage is sent once"
print("sweep ok")
"""


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_the_embedded_default_loads_a_demo_year_and_serves_the_hubs_pages_on_sqlite(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env |= {"SUPPORT_HUB_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "hub.settings.dev"}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_frameworks", env=env)
    manage("load_demo_data", env=env)
    # Enough of a year to walk a request past the front door in each area (the journeys come after
    # one request in every state).
    assert "Loaded" in manage("load_demo_year", "--per-area", "11", env=env)
    assert (tmp_path / "support-hub.sqlite3").exists()
    output = manage("shell", "-c", PAGES, env=env)
    assert "pages ok" in output and "sweep ok" in output
