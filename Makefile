# Colloquy: `make run` serves the demo conference, `make test` runs the suite.
# Both set everything up from a fresh clone.

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# A Python >= 3.12: the one on PATH if it is new enough, else pyenv's newest 3.13/3.12.
FIND_PYTHON = for c in python3.13 python3.12 python3 \
	    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[3-9]*/bin/python 2>/dev/null | sort -rV) \
	    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python 2>/dev/null | sort -rV); do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo $$c; break; fi; done

.PHONY: run test lint format check lock demo clean bench

$(VENV)/.installed: requirements.lock
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then echo "Colloquy needs Python 3.12 or newer; install one (e.g. pyenv install 3.13)." >&2; exit 1; fi; \
	test -x $(PY) || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

run: $(VENV)/.installed
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo
	@# The task worker (imports, mail) runs beside the web server and stops with it.
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, with the coverage gate (pyproject.toml: fail under 95 %). The
# settings module is named here so that an exported DJANGO_SETTINGS_MODULE (as in a
# production shell) cannot point the suite at production.
test: $(VENV)/.installed
	COVERAGE_CORE=sysmon $(PY) -m pytest --ds=config.settings.test --cov --cov-report=term

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# The import contract (.importlinter): apps import one way, core imports none of ours.
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Throughput and latency as in production, on SQLite and PostgreSQL, then the time a
# 500-panel, 2,500-paper import takes, then a chair's decision with a slow mail server:
# docs/benchmarks.md.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py
	$(PY) bench/import_bench.py
	$(PY) bench/mail_bench.py

# Re-pin every dependency from the lower bounds in pyproject.toml.
lock:
	rm -rf /tmp/colloquy-lock && $$($(FIND_PYTHON)) -m venv /tmp/colloquy-lock
	/tmp/colloquy-lock/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > /tmp/colloquy-lock/in.txt
	/tmp/colloquy-lock/bin/python -m pip install --quiet -r /tmp/colloquy-lock/in.txt
	/tmp/colloquy-lock/bin/python -m pip freeze --exclude-editable | sort -f > requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
