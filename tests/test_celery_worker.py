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
print(get_resolver()._populated, gc.get_freeze_count(), len(gc.get_objects()))
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
    # A sweep's emails link to pages: without this, each child's first reverse() builds the table.
    assert populated == "True", ran.stdout
    assert int(frozen) > 100_000 and int(still_watched) < int(frozen) / 10, ran.stdout
