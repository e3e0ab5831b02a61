"""What a long-lived process loads once, before it does any work (decisions 0028 and 0034)."""

import contextlib
import gc

from django.urls import NoReverseMatch, get_resolver, reverse

# A view name no URL has: reversing it in a namespace builds that namespace's table, then finds nothing.
_NO_SUCH_NAME = "-preload-"


def worker_preload() -> None:
    """Import every view module the URLs name and build the tables `reverse()` reads, then keep all
    of it, with the rest of what start-up loaded, out of the garbage collector's full sweeps.

    A web worker calls this as it starts (hub/wsgi.py); a Celery worker's parent calls it before its
    pool forks (hub/celery.py), so that each child inherits the work rather than paying for it on its
    first page or sweep. Left to the first `reverse()`, in a process that had not yet loaded the URLs,
    the first deadline sweep of 1,000 took about 300 ms instead of 45: 200 ms importing the views and
    36 ms building the table (Celery's start-up checks import the URLs, but never build the table)."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module now)
    resolver.reverse_dict  # noqa: B018
    for namespace in _namespaces(resolver):
        _table_built(namespace)
    gc.collect()
    gc.freeze()


def _namespaces(resolver, within: str = ""):
    """Every namespace's full name (`triage`, and `a:b` for one included inside another)."""
    for name, (_prefix, included) in resolver.namespace_dict.items():
        yield within + name
        yield from _namespaces(included, f"{within}{name}:")


def _table_built(namespace: str) -> None:
    """`reverse("triage:queue")` does not read the included URLconf's own table: it reads one Django
    builds, and keeps, for the namespace's address prefix. Building the included URLconf's table, as
    this did before, left that one to each process's first reverse() of the namespace (about 25 ms of
    a Celery worker's first sweep, whose emails link to `triage:` and `phone:` pages). Asking
    reverse() itself for a name the namespace lacks builds exactly the table it reads."""
    with contextlib.suppress(NoReverseMatch):
        reverse(f"{namespace}:{_NO_SUCH_NAME}")
