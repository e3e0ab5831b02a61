from tests.triage.conftest import staff  # noqa: F401 (the hub's people, as the triage tests have them)
