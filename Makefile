# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up .venv, extract the bundled documents, execute the notebooks into reports/
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= data/raw
OUT    ?= data/processed

.PHONY: run extract test setup lock benchmark clean help

help:
	@echo "make run      extract data/raw into data/processed and execute the notebooks into reports/"
	@echo "make test     run the tests"
	@echo "make extract  only the extraction step"
	@echo "make benchmark  time the reader and the extraction"
	@echo "make lock     regenerate requirements-lock.txt from pyproject.toml"

$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

extract: $(STAMP)
	$(BIN)/python -m analysis extract --raw $(RAW) --out $(OUT)

run: extract

test: $(STAMP)
	$(BIN)/python -m pytest

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

lock:
	rm -rf /tmp/lkpj-lock && $(PYTHON) -m venv /tmp/lkpj-lock
	/tmp/lkpj-lock/bin/python -m pip install --quiet --upgrade pip
	/tmp/lkpj-lock/bin/python -m pip install --quiet -e ".[dev]"
	{ echo "# Exact versions of the published run (pip freeze of a fresh venv; regenerate with 'make lock')."; \
	  echo "# Installed by 'make' before the package itself (pip install -e . --no-deps)."; \
	  /tmp/lkpj-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; } > requirements-lock.txt

clean:
	rm -rf $(VENV) reports data/processed/*.csv data/processed/*.json data/processed/*.md
