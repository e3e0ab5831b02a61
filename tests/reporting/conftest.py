from tests.triage.conftest import staff  # noqa: F401 - the fixture, shared with the triage tests
