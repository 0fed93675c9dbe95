# Two commands: `make run` (set up and serve) and `make test` (lint, then the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run dev test lint worker beat check migrate defaults bench eval load audit clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required (found %s)" % sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

defaults: migrate
	$(PY) manage.py load_defaults

# Embedded mode without DATABASE_URL/REDIS_URL: SQLite under var/, files under var/media/, tasks in-process.
# With REDIS_URL set, a Celery worker (and beat) run beside the server and stop with it.
# Debug off: gunicorn, the real 404/500 pages, static files collected under var/static served by whitenoise.
run: defaults
	@if [ -z "$$DATABASE_URL" ]; then $(PY) manage.py create_demo_accounts; fi
	@bin/serve $(PORT)

# The same with Django's debug server and debug pages (DEBUG=1), for development on this machine only.
dev: defaults
	@if [ -z "$$DATABASE_URL" ]; then $(PY) manage.py create_demo_accounts; fi
	@DEBUG=1 bin/serve $(PORT)

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A hiring worker -Q screening -l info --without-mingle --without-gossip

beat: $(VENV)/.installed
	$(VENV)/bin/celery -A hiring beat -l info --schedule var/celerybeat-schedule

# ruff (pyflakes, bugbear, Django and security rules) and mypy with django-stubs, as pyproject.toml sets them.
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest

check: $(VENV)/.dev-installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

$(VENV)/.eval-installed: requirements-eval.txt $(VENV)/.dev-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-eval.txt
	touch $@

# Speed: parse path vs floor, re-scoring 100k applications, the ranked list at 10k/100k (PostgreSQL).
bench: $(VENV)/.dev-installed
	$(PY) bench/parse_speed.py
	$(PY) bench/rescore.py
	$(PY) bench/ranking_page.py

# Quality on ../shared/data/dev with the shared scorers (ranking NDCG vs TF-IDF/BM25, fields, PDF text).
eval: $(VENV)/.eval-installed
	bench/quality.sh

$(VENV)/.load-installed: requirements-load.txt $(VENV)/.dev-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-load.txt
	touch $@

# Load test with Locust on the whole stack (gunicorn, Celery worker and beat, PostgreSQL, Redis) for 5 minutes:
# 50 candidates apply with the dev resumes while 10 recruiters read ranked lists. Needs PostgreSQL and Redis
# on 127.0.0.1; LOAD_ARGS passes options, e.g. LOAD_ARGS="--duration 60" or "--smoke" (see bench/load_test.py).
load: $(VENV)/.load-installed
	$(PY) bench/load_test.py $(LOAD_ARGS)

# Known vulnerabilities in the pinned requirements: pip-audit --strict --no-deps --disable-pip, judged by
# bin/audit_dependencies.py. Fails on a vulnerability or an incomplete audit; when no vulnerability service
# can be reached it prints "could not reach a vulnerability service: NOT audited" and passes (AUDIT_REQUIRE_SERVICE=1: fails).
AUDIT_REQUIREMENTS ?= requirements.txt requirements-dev.txt
audit: $(VENV)/.dev-installed
	$(PY) bin/audit_dependencies.py $(addprefix -r ,$(AUDIT_REQUIREMENTS))

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
