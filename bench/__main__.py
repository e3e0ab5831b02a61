"""`make bench`: run every benchmark case in bench/ on a throwaway PostgreSQL and print each beside
its baseline. `python -m bench --scale national` (`make bench SCALE=national`) builds ten times the
county's volumes (bench.scale.factor); other arguments go to pytest, e.g. `-k sweep`."""

import argparse
import os
import sys
import time

import pytest

parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
parser.add_argument("--scale", choices=["county", "national"], default=os.environ.get("BENCH_SCALE", "county"))
options, rest = parser.parse_known_args()
os.environ["BENCH_SCALE"] = options.scale
started = time.monotonic()
code = pytest.main(["bench", "-q", "-s", "-o", "testpaths=bench", *rest])
print(f"\nmake bench at {options.scale} scale took {(time.monotonic() - started) / 60:.1f} minutes")
sys.exit(code)
