# The two commands a new user needs: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1:8000
# The suite runs in parallel (pytest-xdist): half again as many workers as cores, since
# its tests wait on browsers, servers and workers as much as they compute (at most 8: each
# has its own Redis database). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(8, os.cpu_count() * 3 // 2))')

.PHONY: run test install install-dev compile messages services chromium lint bench-import \
	bench-activities bench-scores bench-pantau bench-load bench-siasn bench-angka-kredit bench-kalibrasi bench-tpp clean

# --no-compile: Python compiles what it imports; byte-compiling every installed file first
# cost a quarter of the install's time. The development install is one pip run.
$(VENV)/.installed: pyproject.toml
	test -x $(PIP) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-compile -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	test -x $(PIP) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-compile -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled .mo files are build output (not in git); Babel compiles them without gettext.
compile: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics

# Refresh the catalogues after changing strings (needs GNU gettext: apt-get install gettext).
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages --locale id --locale en --no-obsolete --no-location \
		--ignore '.venv/*' --ignore 'tests/*'

# Local run: SQLite file, tasks in process, demo data. Nothing but Python required.
run: compile
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST)

services: $(VENV)/.installed
	$(PY) tests/ping_postgresql_redis.py

chromium:
	@sh tests/e2e/ensure_chromium.sh

# The whole suite, browser tests included, against PostgreSQL and Redis.
test: install-dev compile services chromium
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

# Import timing at province scale (12,000 people) against PostgreSQL.
bench-import: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test $(PY) manage.py bench_import --people 12000

# The SIASN pull and reconciliation of 12,000 people against the fake SIASN on 127.0.0.1.
bench-siasn: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_siasn} \
		$(PY) manage.py bench_siasn --people 12000

# The yearly angka kredit conversion of 12,000 people against PostgreSQL.
bench-angka-kredit: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_ak} \
		$(PY) manage.py bench_angka_kredit --people 12000

# A calibration session's page for a unit of 2,500 people against PostgreSQL.
bench-kalibrasi: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_kal} \
		$(PY) manage.py bench_kalibrasi --people 2500

# A month's TPP of 12,000 people against a raw-SQL baseline (prints the ratio).
bench-tpp: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_tpp} \
		$(PY) manage.py bench_tpp --people 12000

# Month view, pending badge and submit against a one-query view: a year for 1,000 people.
bench-activities: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench} \
		$(PY) manage.py bench_activities --people 1000

# Monthly scores of 100,000 people (2.2 million activities) against the raw SQL baseline.
bench-scores: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench} \
		$(PY) manage.py bench_scores --people $${PEOPLE:-100000}

# The monitoring pages over the same province: queries, render times, the unit roll-up.
bench-pantau: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_pantau} \
		$(PY) manage.py bench_pantau --people $${PEOPLE:-100000}

# The 16:00 peak and the morning login storm (locust) against gunicorn with production
# settings on a province of 12,000 people: p50/p95/p99 per request type, errors, throughput.
bench-load: install-dev services
	DJANGO_SETTINGS_MODULE=ekinerja.settings_test DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ekinerja_bench_load} \
		$(PY) manage.py bench_load --seconds $${SECONDS_PER_RUN:-60}

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
	find locale -name '*.mo' -delete
