"""`make bench`: run every benchmark case in bench/ on a throwaway PostgreSQL
and print each beside its baseline."""

import sys

import pytest

sys.exit(pytest.main(["bench", "-q", "-s", "-o", "testpaths=bench"]))
