"""Two workers racing on the same request, on the real PostgreSQL: exactly one
wins each time, and nothing is lost or half-written."""

import threading

import pytest
from django.db import close_old_connections, connection
from django_fsm import ConcurrentTransition

from requests_app.models import RequestForSupport
from tests.helpers import fresh
from tests.request_factories import make_request
from thresholds.loader import frameworks_load
from triage import services
from triage.models import TransitionRecord

ROUNDS = 15


@pytest.fixture(autouse=True)
def _shipped_reference_data(transactional_db) -> None:
    """These tests commit for real, and each ends with a flush: put the areas back."""
    frameworks_load()


def race(*calls):
    """Run the calls at the same moment in threads with their own connections."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n: int, call) -> None:
        try:
            barrier.wait()
            results[n] = ("won", call())
        except (ConcurrentTransition, services.ClaimConflict, services.TransitionRefused) as lost:
            results[n] = ("lost", type(lost).__name__)
        except Exception as crash:  # noqa: BLE001 - reported by the assertion, not swallowed
            results[n] = ("crashed", repr(crash))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_one_wins_every_time(staff) -> None:
    for _ in range(ROUNDS):
        support_request = make_request(staff.rita)
        results = race(
            lambda m=support_request: services.request_claim(request=m, by=staff.harry),
            lambda m=support_request: services.request_claim(request=m, by=staff.sian),
        )
        assert sorted(r[0] for r in results) == ["lost", "won"], results
        winner = staff.harry if results[0][0] == "won" else staff.sian
        assert RequestForSupport.objects.get(pk=support_request.pk).assigned_to == winner


@pytest.mark.django_db(transaction=True)
def test_two_workers_moving_at_once_one_wins_and_history_has_one_row(staff) -> None:
    for _ in range(ROUNDS):
        support_request = make_request(staff.rita)
        first, second = fresh(support_request), fresh(support_request)  # one copy for each worker's thread
        results = race(
            lambda first=first: services.triage_begin(request=first, by=staff.harry),
            lambda second=second: services.request_withdraw(request=second, by=staff.sian, reason="Duplicate"),
        )
        assert sorted(r[0] for r in results) == ["lost", "won"], results
        final = RequestForSupport.objects.get(pk=support_request.pk)
        records = list(TransitionRecord.objects.filter(request=support_request))
        assert len(records) == 1 and records[0].to_state == final.status
