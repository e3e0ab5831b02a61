import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.helpers import client_for
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db


def console_handler() -> logging.Handler:
    (handler,) = [
        h for h in logging.getLogger().handlers if any(f.__class__.__name__ == "RefusalsOnOneLine" for f in h.filters)
    ]
    return handler


def test_a_refused_page_logs_one_line_without_a_traceback(staff, caplog) -> None:
    support_request = make_request(staff.rita)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(staff.rita).get(f"/triage/requests/{support_request.reference}/")
    assert response.status_code in (403, 404)
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    # Django attaches the exception to this record; the console handler's filter has already
    # dropped it by the time the record reaches caplog.
    assert record.exc_info is None
    handler = console_handler()
    assert handler.filter(record)
    line = handler.format(record)
    assert "Traceback" not in line
    assert len(line.splitlines()) == 1


def test_a_password_of_one_repeated_character_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 5 different characters"):
        validate_password("aaaaaaaaaaaa")
    validate_password("plum kettle 47 orbit")
