# Support Hub: `make run` starts the service, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# `make run ADDR=0.0.0.0:8080` serves on another address or port.
ADDR ?= 127.0.0.1:8000
STAMP := $(VENV)/.installed-stamp
# `make test` runs the suite in this many processes (pytest-xdist), each with its own PostgreSQL,
# Redis, live server and Chromium. `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2
# One test at a time to each process: the longest tests (the browser's) come last, and handed out
# in big batches they would leave one process idle while the other works through them.
TEST_SCHEDULE := --maxschedchunk=1

.PHONY: install run test test-deps bench bench-deps lint format vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_demo_data
	$(PY) manage.py load_demo_year
	$(PY) manage.py rundev --addrport $(ADDR)

test-deps:
	@scripts/ensure-test-deps.sh

test: install test-deps
	$(PY) -m pytest -n $(TEST_WORKERS) $(TEST_SCHEDULE)

# The HTTP cases (bench/test_http_pages.py) drive gunicorn with Debian's wrk.
bench-deps:
	@scripts/ensure-bench-deps.sh

# `make bench SCALE=national` builds ten times a county's volumes (bench/__main__.py).
SCALE ?= county
bench: install test-deps bench-deps
	$(PY) -m bench --scale $(SCALE)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the vendored front-end files from the npm registry (not needed to run).
vendor:
	scripts/vendor-frontend.sh

clean:
	rm -rf var/ $(VENV)
