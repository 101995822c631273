# CallNex Compliance — the README's commands. Everything starts from a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= small

.PHONY: install run test bench screenshots lint migrations-check clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@# WeasyPrint (the PDFs) needs Pango from the system; install it with apt-get where we can.
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
		fonts-dejavu-core >/dev/null; } || echo "PDFs need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $@

install: $(VENV)/.installed

## make run: set up from nothing, load demo data on embedded SQLite, start web server + task cluster.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py setup_roles
	DEBUG=1 $(PY) manage.py setup_schedules
	DEBUG=1 $(PY) manage.py load_demo --size $(DEMO_SIZE)
	DEBUG=1 $(PY) manage.py purge  # what the nightly job does, so the dashboard shows a real last run
	@echo ""
	@echo "CallNex Compliance is starting on http://$(HOST):$(PORT)/admin/  — demo logins:"
	@DEBUG=1 $(PY) manage.py create_demo_logins
	@echo "Ctrl-C stops the web server and the task cluster."
	@echo ""
	@DEBUG=1 PY=$(PY) HOST=$(HOST) PORT=$(PORT) bin/serve-dev

## make test: set up from nothing and run the whole suite (DATABASE_URL when set, else SQLite).
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## make bench: run the benchmarks against PostgreSQL and print their figures.
bench: install
	$(PY) -m bench $(BENCH_ARGS)

## make screenshots: a throw-away SQLite demo, the server, Chromium at 1366×768 → var/screenshots/*.png.
screenshots: install
	$(PY) bin/screenshots

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
