# Ścieżka — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=
# The suite runs on every core, a test file per worker at a time (its module fixtures built once).
PYTEST_WORKERS ?= auto

.PHONY: run test lint fmt install install-dev messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the demo data and serve http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@# The task worker (large imports) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## test: the whole suite (SQLite, or the database DATABASE_URL names); browser tests need Chromium
test: install-dev
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "NOTE: browser tests will be SKIPPED: Chromium not found at $(CHROMIUM) (apt-get install chromium)."; \
	fi
	$(BIN)/python -m pytest --numprocesses=$(PYTEST_WORKERS) --dist=loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the Polish catalogue after changing texts, then translate and compile it
messages: install-dev
	$(BIN)/python manage.py makemessages -l pl --ignore=.venv --ignore=tests --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

## bench: the benchmark of DESIGN.md §5 on PostgreSQL (DATABASE_URL, seeded at county or national
## scale): every list, page and endpoint, the load test, written into docs/PERFORMANCE.md
bench: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py --load --write

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
