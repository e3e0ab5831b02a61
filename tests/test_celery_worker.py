"""A Celery worker's parent loads what every task would otherwise load on its first run, and freezes
it, before its pool forks (hub/celery.py, decision 0034)."""

from tests.helpers import printed_by_a_fresh_interpreter

# Builds a worker as `celery worker` does, up to the point where its pool would start.
WORKER = """
import gc
from django.urls import get_resolver
from hub.celery import app
app.loader.import_default_modules()
app.WorkController(pool_cls="{pool}", concurrency=2)
resolver = get_resolver()
built = resolver._populated and all(included._populated for _, included in resolver.namespace_dict.values())
print(built, gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_a_celery_worker_builds_its_links_table_and_freezes_it_before_its_pool_forks(tmp_path) -> None:
    built, frozen, still_watched = printed_by_a_fresh_interpreter(WORKER.format(pool="prefork"), tmp_path)[-3:]
    # A sweep's emails link to pages: without this, each child's first reverse() builds the tables,
    # the top level's and each namespace's (`triage:`...).
    assert built == "True"
    assert int(frozen) > 100_000 and int(still_watched) < int(frozen) / 10, (frozen, still_watched)


def test_a_worker_that_does_not_fork_leaves_its_process_unfrozen(tmp_path) -> None:
    """The tests start a solo worker inside pytest's own process, which must not be frozen."""
    frozen = printed_by_a_fresh_interpreter(WORKER.format(pool="solo"), tmp_path)[-2]
    assert frozen == "0"
