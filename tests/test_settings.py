"""Production settings refuse to start without a secret key and pass
Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Test-only switches (the browser harness sets DJANGO_ALLOW_ASYNC_UNSAFE) must not leak into a
    # check of production settings.
    dropped = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hub.settings.production", **env},
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_manage("check", env={})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_checks() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={"SECRET_KEY": "k" * 64 + "-Aa1!"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_has_a_key_only_because_debug_is_on() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from hub.settings import dev; print(dev.DEBUG, bool(dev.SECRET_KEY))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}},
    )
    assert result.stdout.strip() == "True True"
