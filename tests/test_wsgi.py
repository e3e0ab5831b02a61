"""A web worker keeps what it loads at start-up out of the garbage collector's full sweeps
(hub/wsgi.py, decision 0028): under a submission's load each full sweep of it took about 200 ms."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_web_worker_starts_with_its_loaded_code_frozen_out_of_full_collections(tmp_path) -> None:
    script = "import gc, hub.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    ran = subprocess.run(
        [sys.executable, "-c", script],
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
    frozen, still_watched = map(int, ran.stdout.split()[-2:])
    assert frozen > 100_000 and still_watched < frozen / 10, ran.stdout
