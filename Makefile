# Two commands do everything on a fresh machine with Python 3.11:
#   make run    set up .venv, extract the bundled documents, run every params/*.yml into reports/<name>/
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := $(VENV)/.kernel
PARAMS ?= $(wildcard params/*.yml)
RAW    ?= data/raw
OUT    ?= data/processed

.PHONY: run extract test setup lock benchmark docs clean help

help:
	@echo "make run      set up .venv, extract data/raw into data/processed, then run every params/*.yml:"
	@echo "              execute its notebooks (papermill) into reports/<name>/ (index.html, HTML, figures, tables)"
	@echo "              (one file: make run PARAMS=params/ntt_lkpj_2023.yml)"
	@echo "make test     run the tests"
	@echo "make extract  only the extraction step (extract, then the anomaly check: anomalies.csv)"
	@echo "make docs     regenerate the generated sections of docs/replication.md"
	@echo "make benchmark  time the reader and the extraction"
	@echo "make lock     regenerate requirements-lock.txt from pyproject.toml"

$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# the notebooks' kernel "python3" must start this venv's interpreter (absolute path in kernel.json)
$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lkpj-analysis)" >/dev/null
	touch $(KERNEL)

setup: $(STAMP) $(KERNEL)

extract: $(STAMP)
	$(BIN)/python -m analysis extract --raw $(RAW) --out $(OUT)
	$(BIN)/python -m analysis check --processed $(OUT)

run: extract $(KERNEL)
	$(BIN)/python -m analysis run --raw $(RAW) --processed $(OUT) --params $(PARAMS)

docs: $(STAMP)
	$(BIN)/python -m analysis docs

test: $(STAMP) $(KERNEL)
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
