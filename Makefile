# Two commands for a fresh machine:  `make demo`  and  `make test`  (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
# uv from the PATH when there is one, else a private copy in .tools/ (works for root and users alike,
# without touching the system Python).
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
# pytest-xdist workers. Most tests wait on subprocesses, sockets and terminals, so one more worker than the two
# cores keeps both busy; the tests that share the one card reader run on a single worker (tests/conftest.py).
PYTEST_WORKERS ?= 3
BIN := $(VENV)/bin

# Debian packages. Building pyscard needs swig and the PC/SC headers, and printed documents embed the DejaVu
# fonts so any name prints. The tests need the real services: pcscd with the vpcd virtual reader, CUPS with the
# IPP printer simulator, a D-Bus for it, poppler and zbar to read PDFs and QR codes back, tmux for end-to-end
# runs in a real terminal, rsvg-convert for screenshots; espeak-ng speaks in the demo and sox measures its WAVs.
DEMO_DEBS := gcc swig libpcsclite-dev fonts-dejavu-core espeak-ng
TEST_DEBS := $(DEMO_DEBS) pcscd vsmartcard-vpcd cups cups-client cups-ipp-utils libcups2-dev dbus \
             poppler-utils zbar-tools tmux librsvg2-bin opensc sox

.PHONY: demo test check lint typecheck pytest setup demo-deps test-deps services bench screenshots clean

demo: demo-deps setup
	$(BIN)/kiosk demo

test: test-deps setup services check pytest

setup: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen
	@touch $@

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

demo-deps:
	@./scripts/debian-packages.sh $(DEMO_DEBS)

test-deps:
	@./scripts/debian-packages.sh $(TEST_DEBS)

services:
	@./scripts/services.sh

check: lint typecheck

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=15 --cov --cov-report=term:skip-covered

# Every benchmark the README lists, one after the other (each measures its own baseline in the same run).
BENCHMARKS := startup card_read printing portal_load tui tui_speech queue card_chain card_read_audit

bench: setup
	@for name in $(BENCHMARKS); do echo "== bench/$$name.py"; $(BIN)/python bench/$$name.py || exit 1; done

screenshots: setup
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .tools var .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
