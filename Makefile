# Chronicle: `make html` builds the site, `make test` runs the tests.
# Every target creates .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONF := pelican.conf.py
INPUT := content
OUTPUT := output
PORT ?= 8000
PELICAN := $(BIN)/pelican $(INPUT) -o $(OUTPUT) -s $(CONF) --fatal errors

.DEFAULT_GOAL := html
.PHONY: html regenerate serve devserver clean check extract test bench venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

html: $(STAMP)  ## extract new seeds, validate content/, build output/
	$(PELICAN)

regenerate: $(STAMP)  ## rebuild whenever content or theme changes
	$(PELICAN) --autoreload

serve: $(STAMP)  ## serve output/ on http://localhost:$(PORT)
	$(BIN)/pelican --listen --port $(PORT) -s $(CONF) -o $(OUTPUT) -e CHRONICLE_EXTRACT_ON_BUILD=false

devserver: $(STAMP)  ## rebuild on change and serve
	$(PELICAN) --autoreload --listen --port $(PORT)

clean:
	rm -rf $(OUTPUT)

check: $(STAMP)  ## validate content/ (path:line:column: message)
	$(BIN)/chronicle check --content $(INPUT)

extract: $(STAMP)  ## turn new seeds into draft YAML under content/
	$(BIN)/chronicle extract --content $(INPUT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## extraction and build throughput (medians, with a baseline)
	$(BIN)/python benchmarks/bench.py
