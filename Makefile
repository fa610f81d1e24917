# Two commands for a fresh machine:  `make demo`  and  `make test`  (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
VENV := .venv
BIN := $(VENV)/bin

# Debian packages. Building pyscard needs swig and the PC/SC headers; the tests need the real services:
# pcscd with the vpcd virtual reader, CUPS with the IPP printer simulator, a D-Bus for it, poppler and zbar to
# read PDFs and QR codes back, tmux for end-to-end runs in a real terminal, rsvg-convert for screenshots.
BUILD_DEBS := gcc swig libpcsclite-dev
TEST_DEBS := $(BUILD_DEBS) pcscd vsmartcard-vpcd cups cups-client cups-ipp-utils libcups2-dev dbus \
             poppler-utils zbar-tools tmux librsvg2-bin fonts-dejavu-core

.PHONY: demo test check lint typecheck pytest setup build-deps test-deps services bench screenshots clean

demo: build-deps setup
	$(BIN)/kiosk demo

test: test-deps setup services check pytest

setup: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen
	@touch $@

build-deps:
	@./scripts/debian-packages.sh $(BUILD_DEBS)

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
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered

bench: setup
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
