"""docker-compose.yml describes the production-like stack. No Docker engine
runs here, so the test reads the file; where a `docker compose` client exists
it also asks it to validate the file."""

import os
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_it_runs_postgres_redis_web_worker_and_beat() -> None:
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)


def test_the_servers_and_the_web_app_have_health_checks() -> None:
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in SERVICES[name], name


def test_data_lives_in_named_volumes() -> None:
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    assert "redisdata:/data" in SERVICES["redis"]["volumes"]
    assert {"pgdata", "redisdata"} <= set(COMPOSE["volumes"])


def test_the_app_services_use_production_settings_and_reach_postgres_and_redis() -> None:
    for name in ("web", "worker", "beat", "migrate"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "hub.settings.production"
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "the stack must refuse to start without a key"


def test_the_app_waits_for_a_healthy_database_and_broker_and_migrates_first() -> None:
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"


def test_the_commands_are_gunicorn_a_celery_worker_and_celery_beat() -> None:
    assert SERVICES["web"]["command"][0] == "gunicorn"
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "hub", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "hub", "beat"]


def test_docker_compose_accepts_the_file_where_a_client_exists() -> None:
    docker = shutil.which("docker")
    has_compose = docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    if not has_compose:
        # No compose client on this machine: the structural tests above are the check.
        return
    result = subprocess.run(
        [docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, "SECRET_KEY": "x" * 50},
    )
    assert result.returncode == 0, result.stderr


def test_the_app_connects_as_a_role_that_does_not_own_the_tables_and_migrate_as_the_owner() -> None:
    owner = SERVICES["postgres"]["environment"]["POSTGRES_USER"]
    for name in ("web", "worker", "beat"):
        url = SERVICES[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgres://supporthub_app:"), name
    migrate = SERVICES["migrate"]["environment"]
    assert migrate["DATABASE_URL"].startswith(f"postgres://{owner}:")
    assert migrate["DATABASE_APP_ROLE"] == "supporthub_app"
