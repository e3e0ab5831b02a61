"""A triage step that is not retained is purged: its personal data is gone from
every table, and only an anonymous statistic remains (rule 9)."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import CharField, JSONField, TextField

from children import matching
from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import UserFactory
from tests.helpers import fresh
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services
from triage.models import RetentionStatistic
from triage.services.retention import requests_purge_not_retained

SECRETS = ["Zephyrine", "Quillfeather", "42 Lantern Row", "Marigold Quillfeather", "Wobbly teeth and hunger"]


def everywhere(text: str) -> list[str]:
    """Every table and text column in the database that contains `text`."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            columns = [
                f.column for f in model._meta.concrete_fields if isinstance(f, (CharField, TextField, JSONField))
            ]
            for column in columns:
                cursor.execute(
                    f'SELECT 1 FROM "{model._meta.db_table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{text}%"],
                )
                if cursor.fetchone():
                    found.append(f"{model._meta.db_table}.{column}")
    return found


@pytest.mark.django_db
def test_purging_removes_every_trace_of_personal_data_and_keeps_an_anonymous_count(staff, luton) -> None:
    worker = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    consent = payloads.consent_override(significant_harm="no", override_grounds=[], lawful_basis="", rationale="")
    child = payloads.child("Zephyrine", "Quillfeather", address="42 Lantern Row, Luton", postcode="LU1 1AA")
    parent = {**payloads.PARENT, "name": "Marigold Quillfeather"}
    support_request = make_request(
        staff.rita,
        area="luton",
        consent=consent,
        children=[child],
        household=[parent],
        worries={**{k: [v] for k, v in payloads.WORRIES.items()}, "worries": ["Wobbly teeth and hunger"]},
    )
    for secret in SECRETS:
        assert everywhere(secret), secret  # the search finds the data before the purge
    services.triage_begin(request=support_request, by=worker)
    services.note_add(request=support_request, by=worker, text="Spoke to Zephyrine's school")
    matching.person_create(child=support_request.children.get(), by=worker)
    support_request = fresh(support_request)
    services.triage_screen(
        request=support_request, by=worker, action="not_retained", level=2, reasons="Emerging needs, no consent"
    )
    assert requests_purge_not_retained() == 1
    for secret in SECRETS:
        assert everywhere(secret) == [], secret
    assert not RequestForSupport.objects.filter(pk=support_request.pk).exists()
    stat = RetentionStatistic.objects.get()
    assert (stat.area, stat.level, stat.outcome) == (luton, 2, "not_retained")
    assert requests_purge_not_retained() == 0


@pytest.mark.django_db
def test_the_audit_of_a_purged_request_outlives_it_without_naming_the_child(staff, luton) -> None:
    worker = UserFactory(username="lw", area=luton, role=Role.HUB_WORKER)
    consent = payloads.consent_override(significant_harm="no", override_grounds=[], lawful_basis="", rationale="")
    child = payloads.child("Zephyrine", "Quillfeather", postcode="LU1 1AA")
    support_request = make_request(staff.rita, area="luton", consent=consent, children=[child])
    services.triage_begin(request=support_request, by=worker)
    services.triage_screen(request=fresh(support_request), by=worker, action="not_retained", level=2, reasons="No")
    before = set(AuditEvent.objects.values_list("pk", "actor_id", "action", "at"))
    assert before

    requests_purge_not_retained()

    # Who read and changed it, and when, is still answerable; what it said about the child is not.
    assert before <= set(AuditEvent.objects.values_list("pk", "actor_id", "action", "at"))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PURGE, object_id=str(support_request.pk)).exists()
    assert everywhere("Zephyrine") == []
