from django.test import Client

from hub.celery import app as celery_app


def test_it_reports_ok_when_database_and_broker_answer(db) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "detail": "postgresql"}
    assert body["checks"]["broker"]["ok"] is True


def test_it_needs_no_sign_in(db) -> None:
    assert Client().get("/healthz").status_code == 200


def test_it_returns_503_naming_the_broker_when_the_broker_is_down(db, monkeypatch) -> None:
    # A real connection attempt to a port where nothing listens.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
