# Two commands for a newcomer: `make run` and `make test`. Python 3.11+ is all they need first:
# the system libraries and fonts PDFs need are checked (and installed, as root with apt), then
# every package is installed at the exact version, and hash, of the lock in requirements/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo, the worker and the web server build links for the port served (SITE_URL unset).
export PORT
LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed

.PHONY: run test lint install system lock worker messages clean

system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jam Sessions needs Python 3.11 or newer.")'
	@$(PYTHON) -m jamsessions.system_check

$(STAMP): $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	@# Whatever the lock no longer lists leaves the environment too.
	$(VENV)/bin/pip-sync --quiet $(LOCK)
	@touch $(STAMP)

install: system $(STAMP)

## make lock: after changing dependencies in pyproject.toml, pin them again (keeping other pins).
## make lock UPGRADE=django upgrades one package; make lock UPGRADE=all upgrades everything.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --no-emit-find-links $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))
lock: $(STAMP)
	@# Resolved against PyPI alone, whatever this machine's pip configuration says.
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile $(LOCK_FLAGS) \
	  -o requirements/main.txt pyproject.toml
	env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	  CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile $(LOCK_FLAGS) \
	  --extra dev -c requirements/main.txt -o requirements/dev.txt pyproject.toml

## make run: install, migrate, load demo data, then serve on http://127.0.0.1:$(PORT) with a worker.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo ""
	@echo "  Jam Sessions is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Sign in at http://127.0.0.1:$(PORT)/accounts/login/"
	@echo "    host:     host@example.org / jam-demo"
	@echo "    reviewer: reviewer@example.org / jam-demo"
	@echo "  Emails are printed here, by the background worker. Stop with Ctrl+C."
	@echo ""
	@$(PY) manage.py worker --interval 1 & worker=$$!; \
	  trap 'kill -INT $$worker 2>/dev/null; wait $$worker 2>/dev/null; $(PY) -m jamsessions.embedded_db' EXIT; \
	  trap 'exit 0' INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make worker: the background worker alone (sends email, heals itself: no cron job needed).
worker: install
	$(PY) manage.py worker

# Mozilla's ical.js, a calendar reader the tests check every .ics with, pinned by its own lock.
CALENDAR_JS := tests/calendar_js/node_modules/.package-lock.json
$(CALENDAR_JS): tests/calendar_js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/calendar_js --silent --no-audit --no-fund; \
	  else echo "  npm was not found: the tests that read calendars with ical.js will be SKIPPED."; fi

## make test: lint, then the whole suite, browser tests included.
test: install $(CALENDAR_JS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --cache-dir var/import-linter
	@$(PY) -m tests.browser_check
	DEBUG=$${DEBUG:-1} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo --cache-dir var/import-linter
	$(VENV)/bin/ruff format --check .

messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
