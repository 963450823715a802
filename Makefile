# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite runs twice, on SQLite and on this PostgreSQL, side by side (pytest-django creates and drops its own test
# database there; scripts/test-both-databases).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export TILTAK_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-postgres lint clean system-packages bench lock

RUN_STAMP := $(VENV)/.installed-run
# The Python the virtual environment was made with, and the one we would make it with now: a .venv left by another
# Python version (or one whose Python is gone) is rebuilt rather than failing the same way on every run.
VENV_PYTHON := $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
WANT_PYTHON := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifneq ($(wildcard $(VENV)),)
ifneq ($(VENV_PYTHON),$(WANT_PYTHON))
VENV_STALE := venv-stale
endif
endif

.PHONY: venv-stale
venv-stale:
	@echo "$(VENV) was made by $(if $(VENV_PYTHON),Python $(VENV_PYTHON),a Python that is no longer there); rebuilding it with $(PYTHON) (Python $(WANT_PYTHON))"
	rm -rf $(VENV)

$(BIN)/python: $(VENV_STALE)
	@case "$(WANT_PYTHON)" in 3.11|3.12|3.13) ;; *) echo "tiltak needs Python 3.11, 3.12 or 3.13; $(PYTHON) is $(or $(WANT_PYTHON),missing). Run: make run PYTHON=python3.11"; exit 2;; esac
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What running needs, exactly as locked (every package, with its hashes: requirements/run.txt); the test tools come
# with `make test` (requirements/test.txt, the stamp below). `make lock` writes both anew from pyproject.toml.
$(RUN_STAMP): pyproject.toml requirements/run.txt $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml requirements/test.txt $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The lock files from pyproject.toml's ranges, keeping every version already locked unless a range excludes it
# (`make lock UPGRADE=1` takes the newest allowed). The run lock takes the test lock's versions.
UV_VERSION := 0.13.8
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --generate-hashes --universal \
	  --python-version 3.11 --quiet $(if $(UPGRADE),--upgrade) -o requirements/test.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 --quiet \
	  -c requirements/test.txt -o requirements/run.txt

# `make run PORT=8101` (and HOST=…) serves elsewhere; links in e-mails follow (TILTAK_SITE_URL's default).
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(RUN_STAMP)
	$(BIN)/tiltak serve --host $(HOST) --port $(PORT)

test: $(STAMP) system-packages lint
	scripts/start-postgres
	scripts/test-both-databases $(BIN)/pytest $(TEST_POSTGRES_URL)

# Debian packages the tests use (Pango for WeasyPrint, poppler, Chromium, PostgreSQL); a no-op when present.
system-packages:
	scripts/system-packages

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/tiltak makemigrations --check --dry-run

test-sqlite: $(STAMP)
	env -u TILTAK_DATABASE_URL $(BIN)/pytest

test-postgres: $(STAMP)
	scripts/start-postgres
	TILTAK_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Speed and accuracy figures against their targets, on a SQLite database with the built-in plan and 500,000 demo
# entries (made once, a few minutes, and kept in var/bench for the next run).
bench: $(STAMP) system-packages
	test -f var/bench/.demo-data || { rm -rf var/bench && \
	  TILTAK_DATA_DIR=$(CURDIR)/var/bench $(BIN)/tiltak init -v0 > /dev/null && \
	  TILTAK_DATA_DIR=$(CURDIR)/var/bench $(BIN)/tiltak demo-data --plans 1000 --measures 50 --rounds 10 && \
	  touch var/bench/.demo-data; }
	TILTAK_DATA_DIR=$(CURDIR)/var/bench $(BIN)/tiltak init -v0 > /dev/null
	TILTAK_DATA_DIR=$(CURDIR)/var/bench $(BIN)/tiltak bench
