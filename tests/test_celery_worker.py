"""A Celery worker's parent loads what every task would otherwise load on its first run, and freezes
it, before its pool forks (hub/celery.py, decision 0034)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Builds a prefork worker as `celery worker` does, up to the point where its pool would start.
SCRIPT = """
import gc
from django.urls import get_resolver
from hub.celery import app
app.loader.import_default_modules()
app.WorkController(pool_cls="prefork", concurrency=2)
resolver = get_resolver()
built = resolver._populated and all(included._populated for _, included in resolver.namespace_dict.values())
print(built, gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_a_celery_worker_builds_its_links_table_and_freezes_it_before_its_pool_forks(tmp_path) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "SUPPORT_HUB_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    populated, frozen, still_watched = ran.stdout.split()[-3:]
    # A sweep's emails link to pages: without this, each child's first reverse() builds the tables,
    # the top level's and each namespace's (`triage:`...).
    assert populated == "True", ran.stdout
    assert int(frozen) > 100_000 and int(still_watched) < int(frozen) / 10, ran.stdout


SOLO = """
import gc
from hub.celery import app
app.loader.import_default_modules()
app.WorkController(pool_cls="solo", concurrency=1)
print(gc.get_freeze_count())
"""


def test_a_worker_that_does_not_fork_leaves_its_process_unfrozen(tmp_path) -> None:
    """The tests start a solo worker inside pytest's own process, which must not be frozen."""
    ran = subprocess.run(
        [sys.executable, "-c", SOLO],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "SUPPORT_HUB_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.split()[-1] == "0", ran.stdout
