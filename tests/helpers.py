"""Plain helpers shared by tests in more than one package."""

import contextlib
import socket
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.test import Client
from psycopg import pq
from rest_framework.test import APIClient

from hub.celery import app
from hub.sign_in.services import api_token_issue
from requests_app.models import RequestForSupport


def client_for(user) -> Client:
    """A browser session signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user, **kwargs) -> APIClient:
    """A partner system calling the API with a fresh token of `user`'s."""
    client = APIClient(**kwargs)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)}")
    return client


def fresh(support_request: RequestForSupport) -> RequestForSupport:
    """The request as the database has it now. A service refuses a copy whose
    status is out of date (it reads that as someone else having moved it), so
    re-read the request after each move before making the next."""
    return RequestForSupport.objects.select_related("consent", "area", "pending_decision", "phone_referral").get(
        pk=support_request.pk
    )


@contextlib.contextmanager
def round_trips_counted():
    """The statements the code sends to PostgreSQL inside the block, one list per round trip: a
    statement sent on its own is a round trip, and the statements of one psycopg pipeline share one
    (their answers are read together as it ends). What Django and psycopg send for a transaction is
    left out: savepoints here, and in production a BEGIN and a COMMIT, which no execute wrapper sees."""
    trips: list[list[str]] = []
    connection.ensure_connection()
    raw = connection.connection
    pipeline = raw.pipeline

    def opened(*args, **kwargs):
        trips.append([])  # whatever the pipeline sends, it answers at once
        return pipeline(*args, **kwargs)

    def counted(execute, sql, params, many, context):
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            if raw.pgconn.pipeline_status == pq.PipelineStatus.OFF:
                trips.append([sql])
            else:
                trips[-1].append(sql)
        return execute(sql, params, many, context)

    raw.pipeline = opened
    try:
        with connection.execute_wrapper(counted):
            yield trips
    finally:
        del raw.pipeline


@contextlib.contextmanager
def broker_unreachable():
    """Point the app at a port nobody listens on, for what is queued inside the block only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port}/0"
    app._pool, app.amqp._producer_pool = None, None  # the pools keep the old address otherwise
    try:
        yield
    finally:
        app.conf.broker_url = url
        app._pool, app.amqp._producer_pool = None, None


def printed_by_a_fresh_interpreter(script: str, var_dir: Path) -> list[str]:
    """What `script` prints, run by a new Python with the development settings: start-up as a
    worker has it, not as this test process has already loaded it. Fails with its error output."""
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "SUPPORT_HUB_VAR_DIR": str(var_dir),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return ran.stdout.split()
