"""Production settings refuse to start without a secret key and pass
Django's deployment checks."""

import json
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


def test_production_collects_static_files_into_a_hashed_manifest(tmp_path) -> None:
    # The production image runs this at build time; without the manifest every page would fail.
    result = run_manage(
        "collectstatic",
        "--noinput",
        env={"SECRET_KEY": "k" * 64 + "-Aa1!", "STATIC_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["govuk/govuk-frontend.min.css"]
    assert hashed_css != "govuk/govuk-frontend.min.css"
    css = (tmp_path / hashed_css).read_text()
    # The fonts and images the stylesheet names are rewritten to their hashed copies.
    font_references = [name for name in manifest if name.endswith(".woff2")]
    assert font_references and manifest[font_references[0]].rsplit("/", 1)[-1] in css
