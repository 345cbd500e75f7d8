# Digitalnetz: `make run` serves the demo network, `make test` runs the whole suite.
# Both work from a fresh clone; they install what they need and skip what is already there.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# The slowest tests in every log: the whole suite must stay under 15 minutes.
PYTEST := $(VENV)/bin/pytest --durations=15
HOST ?= 127.0.0.1:8000

.PHONY: run setup demo test test-sqlite test-browser test-postgres test-es bench lint format lock system-packages clean

run: setup demo
	@echo ""
	@echo "Digitalnetz läuft auf http://$(HOST)/  (Redaktion: http://$(HOST)/admin/)"
	@echo "Demo-Logins, Passwort jeweils 'demo-passwort' (Benutzername oder E-Mail):"
	@echo "  admin         admin@digitalnetz.example         Administration"
	@echo "  koordination  koordination@digitalnetz.example  Koordination des Netzwerks"
	@echo "  brakel        brakel@digitalnetz.example        Redaktion der Stadt Brakel"
	@echo "  mitglied      mitglied@digitalnetz.example      Mitglied aus Höxter"
	@echo "E-Mails erscheinen in dieser Konsole; der Hintergrund-Worker (db_worker) verschickt sie."
	@echo ""
	# The task worker sends e-mails and updates the search index; it stops with the server.
	$(MANAGE) db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST)

setup: $(VENV)/.installed node_modules/.installed
	mkdir -p var
	$(MANAGE) migrate --no-input

demo: setup
	$(MANAGE) load_demo
	$(MANAGE) update_index

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Runtime packages from the lock; the dev lock is a superset of it.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Chromium drives the browser tests, PostgreSQL the second test run (Debian packages).
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Bitte installieren:$$missing (apt-get install$$missing)"; exit 1; \
		fi; \
	fi

test: system-packages $(VENV)/.installed-dev node_modules/.installed lint
	mkdir -p var
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	@# The three runs share nothing (own test database, own cache folder via TEST_RUN): they
	@# run side by side, and each prints its output once it is done. Three on two cores: the
	@# browser run spends much of its time waiting for Chromium.
	$(MAKE) -j3 --output-sync=target test-sqlite test-browser test-postgres

test-sqlite: export TEST_RUN = sqlite
test-sqlite:
	$(PYTEST) -m "not browser and not elasticsearch"

# The browser tests run in a process of their own: after other database tests in the same
# process, the live server's transactional tests lost the pages the migrations create.
# What a browser checks (markup, accessibility, scripts) does not depend on the database engine:
# the browser tests run once, on SQLite; PostgreSQL runs every other test.
test-browser: export TEST_RUN = browser
test-browser:
	$(PYTEST) -m browser

# The query counts at national scale are the ORM's, the same on both engines (bench/report.md
# counts every page alike on both): building those networks once, on SQLite, is enough.
test-postgres: export TEST_RUN = postgres
test-postgres:
	tests/with_postgres.sh $(PYTEST) -m "not browser and not elasticsearch and not scale"

# Integration tests against a real Elasticsearch 8 cluster at ELASTICSEARCH_URL.
test-es: $(VENV)/.installed-dev
	$(PYTEST) -m elasticsearch

# The benchmark of issue 9 (bench/): builds the scale data once per database and size (full size:
# the generator's defaults, about 20 minutes on SQLite) or reuses it, measures every page type
# in-process and under load, and writes bench/report.md. Smaller or faster, for example:
#   make bench BENCH_SIZE=small BENCH_DATABASES=sqlite BENCH_REQUESTS=20 BENCH_SECONDS=2
# BENCH_ARGS passes more options (python -m bench --help), e.g. --set projects=5000.
BENCH_SIZE ?= full
BENCH_DATABASES ?= sqlite postgres
BENCH_REQUESTS ?= 50
BENCH_SECONDS ?= 5
BENCH_ARGS ?=

bench: system-packages $(VENV)/.installed
	mkdir -p var
	$(PY) -m bench --size $(BENCH_SIZE) --databases $(BENCH_DATABASES) \
		--requests $(BENCH_REQUESTS) --seconds $(BENCH_SECONDS) $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-resolve the locks after changing dependencies in pyproject.toml.
lock: $(VENV)/.installed-dev
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --no-emit-index-url \
		--no-emit-find-links -o requirements.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --no-emit-index-url \
		--no-emit-find-links --extra dev -o requirements-dev.txt pyproject.toml

clean:
	rm -rf var node_modules $(VENV)
