# Two commands for a newcomer: `make run` and `make test`. Nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint install worker messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jam Sessions needs Python 3.11 or newer.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load demo data, then serve on http://127.0.0.1:$(PORT) with a worker.
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo ""
	@echo "  Jam Sessions is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Sign in at http://127.0.0.1:$(PORT)/accounts/login/"
	@echo "    host:     host@example.org / jam-demo"
	@echo "    reviewer: reviewer@example.org / jam-demo"
	@echo "  Emails are printed here, by the background worker. Stop with Ctrl+C."
	@echo ""
	@$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	  trap 'kill -INT $$worker 2>/dev/null; wait $$worker 2>/dev/null; $(PY) -m jamsessions.embedded_db' EXIT; \
	  trap 'exit 0' INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make worker: the background worker alone (sends email).
worker: $(STAMP)
	$(PY) manage.py db_worker

## make test: lint, then the whole suite, browser tests included.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@$(PY) -m tests.browser_check
	DEBUG=$${DEBUG:-1} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: $(STAMP)
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
