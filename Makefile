# Slipway — `make run` starts the whole stack, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.slipway-installed

.PHONY: install run test test-pg lint format bench fuzz clean golden

# Creates the virtualenv when missing and installs only when pyproject.toml changed.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required (set PYTHON=python3.11)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@exec $(PY) -m scripts.run_stack

test: install
	@$(PY) -m pytest -q

# The database- and rate-limit-facing tests against PostgreSQL and Redis (as CI runs them).
test-pg: install
	@DATABASE_URL=$${PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	 RATE_LIMIT_STORAGE=$${REDIS_URL:-redis://127.0.0.1:6379} \
	 $(PY) -m pytest -q -m db

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

format: install
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

bench: install
	@$(PY) -m bench

# Long fuzzing run of the spec compiler and the offline assistant (hypothesis), and of the API:
# Schemathesis with every check, a new seed each run (SCHEMATHESIS_SEED to repeat one), up to
# SCHEMATHESIS_EXAMPLES examples per operation within SCHEMATHESIS_SECONDS.
fuzz: install
	@FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-20000} SCHEMATHESIS_SECONDS=$${SCHEMATHESIS_SECONDS:-900} \
	 SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-200} \
	 $(PY) -m pytest -q -m fuzz -p no:cacheprovider -rP

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Re-record the golden workflow histories (commit them with the workflow change they cover).
golden: install
	@RECORD_GOLDEN=1 $(PY) -m pytest -q tests/workflows/test_record_golden.py \
		tests/workflows/test_webhook_golden.py
