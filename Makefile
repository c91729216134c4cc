# One command to run the project, one to test it; both build .venv on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrate seed editor bench serve clean eval calibrate

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)（Python 3.11）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py import_seeds

editor: migrate
	$(PY) manage.py create_local_editor

# Locally the seed pages are readable at once: what the extraction was sure of is published,
# flagged items wait in the review queue at /admin/.
run: seed editor
	$(PY) manage.py publish_unflagged
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Production-like serving: static files collected into STATIC_ROOT and served by whitenoise,
# the app by gunicorn, DEBUG off. Set SECRET_KEY and ALLOWED_HOSTS (and DATABASE_URL,
# CACHE_URL) in the environment or .env; see "Serving" in the README.
BIND ?= 127.0.0.1:8000
WEB_CONCURRENCY ?= 2
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn newsroom.wsgi --bind $(BIND) --workers $(WEB_CONCURRENCY) \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Import speed, reads at scale and serving throughput on throwaway databases; JSON results
# in bench/results/. BENCH_ARGS=--quick for a smoke run; see docs/performance.md.
bench: $(STAMP)
	$(PY) -m bench.run $(BENCH_ARGS)

# Extraction measured on real articles laid out as OCR pages in each of the seed pages'
# habits (needs ../shared/corpus); EVAL_ARGS=--failures lists every item that failed.
eval: $(STAMP)
	$(PY) -m seeds.evaluation $(EVAL_ARGS)

# Learn the item confidence weights from synthesized pages (writes
# seeds/parser/calibration.py; needs ../shared/corpus).
calibrate: $(STAMP)
	$(PY) -m seeds.evaluation.calibrate

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(STAMP) lint
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache

# Known vulnerabilities in the installed, pinned dependencies, from PyPI's advisory feed (its
# JSON API), with pip-audit --strict: a package that could not be checked fails the run. Where
# the feed does not answer (a machine that reaches only the package index), tools/audit.py
# says so and fails with status 3 before pip-audit reports every package "not found".
.PHONY: audit
audit: $(STAMP)
	$(PY) -m tools.audit
