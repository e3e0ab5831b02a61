"""A Celery worker's parent loads what every task would otherwise load on its first run, and freezes
it, before its pool forks (hub/celery.py, decision 0034)."""

from tests.helpers import printed_by_a_fresh_interpreter

# Builds a worker as `celery worker` does, up to the point where its pool would start.
WORKER = """
import gc
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.urls.resolvers import get_ns_resolver
from hub.celery import app
app.loader.import_default_modules()
app.WorkController(pool_cls="{pool}", concurrency=2)
frozen, watched = gc.get_freeze_count(), len(gc.get_objects())
def names(resolver, within=""):
    for name in resolver.reverse_dict:
        if isinstance(name, str):
            yield within + name
    for namespace, (_, included) in resolver.namespace_dict.items():
        yield from names(included, within + namespace + ":")
every_name = list(names(get_resolver()))
# Then a child's first links: every name the URLs have, each table reverse() builds counted.
built = []
building = URLResolver._populate
URLResolver._populate = lambda resolver: built.append(resolver) or building(resolver)
def reversed_(name):
    try:
        reverse(name)
    except NoReverseMatch:  # no arguments given; the table was read all the same
        pass
for name in every_name:
    reversed_(name)
after_preload = len(built)
# The count itself checked: with the namespaces' tables forgotten, one namespaced name builds some.
get_ns_resolver.cache_clear()
reversed_(next(name for name in every_name if ":" in name))
print(len(every_name), after_preload, len(built) - after_preload, frozen, watched)
"""


def test_a_celery_worker_builds_every_table_reverse_reads_and_freezes_them_before_its_pool_forks(tmp_path) -> None:
    printed = printed_by_a_fresh_interpreter(WORKER.format(pool="prefork"), tmp_path)[-5:]
    names, built, built_when_forgotten, frozen, still_watched = printed
    # A sweep's emails link to pages: without this, each child's first reverse() builds the tables,
    # the top level's and each namespace's (`triage:`...).
    assert int(names) > 100 and built == "0", (names, built)
    assert int(built_when_forgotten) > 0
    assert int(frozen) > 100_000 and int(still_watched) < int(frozen) / 10, (frozen, still_watched)


def test_a_worker_that_does_not_fork_leaves_its_process_unfrozen(tmp_path) -> None:
    """The tests start a solo worker inside pytest's own process, which must not be frozen."""
    frozen = printed_by_a_fresh_interpreter(WORKER.format(pool="solo"), tmp_path)[-2]
    assert frozen == "0"
