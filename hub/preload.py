"""What a long-lived process loads once, before it does any work (decisions 0028 and 0034)."""

import gc

from django.urls import get_resolver


def worker_preload() -> None:
    """Import every view module the URLs name and build the table `reverse()` reads, then keep all
    of it, with the rest of what start-up loaded, out of the garbage collector's full sweeps.

    A web worker calls this as it starts (hub/wsgi.py); a Celery worker's parent calls it before its
    pool forks (hub/celery.py), so that each child inherits the work rather than paying for it on its
    first page or sweep. Left to the first `reverse()`, in a process that had not yet loaded the URLs,
    the first deadline sweep of 1,000 took about 300 ms instead of 45: 200 ms importing the views and
    36 ms building the table (Celery's start-up checks import the URLs, but never build the table)."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module now)
    _tables_built(resolver)
    gc.collect()
    gc.freeze()


def _tables_built(resolver) -> None:
    """Each namespace (`triage:`, `reporting:`...) keeps its own table, built on its first use."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, included in resolver.namespace_dict.values():
        _tables_built(included)
