# Two entry points for a fresh machine with Python 3.11 and make:
#   make dashboard   install what the app needs into .venv, load the shipped corpus, serve it
#   make test        install the app and the test tools into .venv, run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: dashboard test install install-test benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.app-installed
	$(PIP) -e '.[test]'
	touch $@

install: $(VENV)/.app-installed

install-test: $(VENV)/.test-installed

dashboard: install
	$(BIN)/figures dashboard

test: install-test
	$(BIN)/python -m pytest -n 2 -q

benchmark: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) data test-artifacts
