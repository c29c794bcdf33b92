# One task runner. Every target first makes sure .venv holds the locked tools
# (from PyPI) and node_modules holds Temml and the math font (from npm, via the Node in .venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every Python dependency, transitive ones included, at one version with its hashes (`make lock`).
LOCK   := requirements/lock.txt
PIP    := -m pip install --quiet --disable-pip-version-check
# mkdocs-material 9.x prints an end-of-life notice about MkDocs 2 on every run.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install lock serve test test-repro test-ci build lint format typecheck all clean test-seeds \
        mutation bench canary deploy offline

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The lock, every file checked against its hash: first the locked pip alone (its entry cut
# out of the lock; the pip a new venv starts with, 23.2 on Python 3.11.7, fails on the lock's
# extras, e.g. markdown-it-py[linkify], in --require-hashes mode), then everything else
# (setuptools, the build backend, included). Then the project itself: editable, nothing more
# (--no-deps), built with the locked setuptools (--no-build-isolation: no unhashed download).
$(STAMP): pyproject.toml $(LOCK) package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^pip==/ {p = 1} p {print} p && !/\\$$/ {exit}' $(LOCK) > $(VENV)/pip-lock.txt
	$(BIN)/python $(PIP) --require-hashes -r $(VENV)/pip-lock.txt
	$(BIN)/python $(PIP) --require-hashes -r $(LOCK)
	$(BIN)/python $(PIP) --no-deps --no-build-isolation -e .
	$(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) ## Create .venv and install everything (Python tools, Temml, math font)

# Re-lock with uv (in a throw-away venv) from pyproject.toml's top-level pins (the `dev`
# extra, which takes in `docs` and `test`) and requirements/tools.in (pip, setuptools), from
# PyPI only: the machine's pip configuration (local indexes) is not read, so the hashes are
# PyPI's. --universal: one lock for any platform and any Python from 3.11.5 on (the floor of
# pymdown-extensions 13.1); a package only one platform needs (appnope on macOS, ...) is in it
# behind a marker. uv
# keeps every pin of the current lock that still fits; `make lock UPGRADE=1` takes the newest
# versions the top-level pins allow. Then run `make all`.
LOCKER := uv==0.13.8
FRESH  := .cache/lock-venv
lock: ## Re-lock every Python dependency, with hashes, into requirements/lock.txt
	rm -rf $(FRESH)
	$(PYTHON) -m venv $(FRESH)
	$(FRESH)/bin/python $(PIP) $(LOCKER)
	$(FRESH)/bin/uv pip compile --quiet pyproject.toml requirements/tools.in --extra dev \
	  --generate-hashes --index-url https://pypi.org/simple --universal --python-version 3.11.5 \
	  --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade) --output-file $(LOCK)
	rm -rf $(FRESH)

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000/mathproofs/ with live reload
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The tests that read the site share one build per session (tests/conftest.py), which also
# runs every notebook (a failing cell fails it). The reproducibility check's second build
# runs only with --second-build: in test-repro and test-ci, not in `make test`.
# pytest-xdist: one worker per core (`make test WORKERS=0` runs in one process); worksteal
# hands the last slow tests to whichever worker is idle.
WORKERS ?= auto
XDIST    = -n $(WORKERS) --dist worksteal
test: $(STAMP) ## Run every test (one site build; the two-build comparison is skipped)
	$(BIN)/python -m pytest $(XDIST)

test-repro: build ## Build site/, build again with another date, compare the two builds
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_reproducible.py \
	  --built-site site --second-build

# CI: build site/ once, test that very build (it is what gets published), second build included;
# and the offline copy `make offline` made (tests/browser/test_hosting.py opens that zip).
test-ci: build offline ## Every test on the site/ that `make build` made, plus the second build
	MATHPROOFS_OFFLINE_ZIP=site-offline.zip $(BIN)/python -m pytest $(XDIST) --built-site site \
	  --second-build

build: $(STAMP) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

# The offline copy (README, "Hosting"): the site with pages as files (derivation.html) and
# Material's offline plugin (search from disk), from mkdocs-offline.yml, which inherits
# mkdocs.yml; zipped reproducibly (sorted entries, fixed time stamps) under mathproofs/.
# tests/browser/test_hosting.py opens it from disk in Chromium.
OFFLINE_SITE := .cache/offline-site
offline: $(STAMP) ## Build the offline copy and zip it into site-offline.zip (opens from disk)
	MATHPROOFS_OFFLINE=true $(BIN)/mkdocs build --strict --clean -f mkdocs-offline.yml \
	  --site-dir $(OFFLINE_SITE)
	$(BIN)/python tools/offline_zip.py $(OFFLINE_SITE) site-offline.zip

# Blocks that draw random data take it from mathproofs.rng(), seeded by MATHPROOFS_SEED:
# they must pass under other seeds too, not only the default 0. Only they can depend on the
# seed, so only they run again. tests/sitebuild.py finds them by what they do: the first
# seed's run takes every page and docstring block and records the ones that read the seed
# (--record-seeded); the other seeds run those (--blocks-from). Once, after the first seed,
# every other block runs with reading the seed made to fail (--blocks-not-from,
# --forbid-seed): none of them can depend on it. tests/test_reproducible.py shows each
# selection on a page of its own.
SEEDS   ?= $(shell seq 1 20)
SEEDED  := .cache/seeded-blocks.txt
# Hypothesis's pytest plugin is left out: no block uses it, and it costs 1.2 s a run.
SEEDRUN  = PYTHONPATH=tests $(BIN)/python -m pytest -q -p no:cacheprovider -p no:hypothesispytest \
           -p sitebuild
test-seeds: $(STAMP) ## Run the blocks that draw random data under 20 seeds (MATHPROOFS_SEED=1..20)
	@first=1; for seed in $(SEEDS); do \
	  if [ $$first = 1 ]; then which="--record-seeded=$(SEEDED)"; else which="--blocks-from=$(SEEDED)"; fi; \
	  out=$$(MATHPROOFS_SEED=$$seed $(SEEDRUN) $$which docs mathproofs 2>&1) \
	    || { echo "$$out"; echo "failed: MATHPROOFS_SEED=$$seed"; exit 1; }; \
	  if [ $$first = 1 ]; then \
	    [ -s $(SEEDED) ] || { echo "failed: no block reads the seed (see $(SEEDED))"; exit 1; }; \
	    echo "$$(wc -l < $(SEEDED)) blocks read the seed: $(SEEDED)"; \
	    rest=$$($(SEEDRUN) --blocks-not-from=$(SEEDED) --forbid-seed docs mathproofs 2>&1) \
	      || { echo "$$rest"; echo "failed: a block that test-seeds leaves out reads the seed"; exit 1; }; \
	    echo "the others, with reading the seed made to fail: $$(echo "$$rest" | tail -n 1)"; \
	  fi; first=0; \
	  echo "MATHPROOFS_SEED=$$seed: $$(echo "$$out" | tail -n 1)"; \
	done

# The end-of-life canary (MkDocs 1.6.1 is the last 1.x): ProperDocs, MkDocs' maintained fork,
# builds the site strictly from mkdocs.yml, then tools/properdocs_canary.py checks that every
# page is there with what the site's own build steps add (typeset math, equation anchors,
# executed notebooks, the verification map, the handout): a plugin skipped without a warning
# is caught. tests/test_properdocs.py shows each check failing.
CANARY_SITE := .cache/properdocs-site
canary: $(STAMP) ## Build the site strictly with ProperDocs into .cache/ and check every page
	$(BIN)/python tools/properdocs_canary.py --site-dir $(CANARY_SITE)

mutation: $(STAMP) ## Mutation testing of mathproofs/ with mutmut (slow: minutes; not in make test)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python tools/mutation_score.py

bench: $(STAMP) ## Time math typesetting: this site vs Material's MathJax setup (needs Chromium)
	$(BIN)/python bench/typeset_bench.py

lint: $(STAMP) ## Lint the Python sources
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the Python sources
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP) ## Type-check with mypy --strict
	$(BIN)/mypy

# Versions (README, "Versions"). mike builds the site (`mkdocs build` with MIKE_DOCS_VERSION
# set: site_url gains the version, .../mathproofs/0.2/) and commits it to the local gh-pages
# branch as the directory VERSION/, leaving every older release as it was; latest/ becomes
# redirect pages to it (alias_type in mkdocs.yml), and the branch's root a redirect to latest/.
# VERSION defaults to the package's version, major.minor (0.1.0 -> 0.1). The version selector
# is switched on (MATHPROOFS_VERSION_SELECTOR). Nothing leaves the machine unless PUSH=1 (the
# workflow, on a release tag). mike runs `properdocs build` instead of `mkdocs build` whenever
# ProperDocs is installed (the canary's): the name `properdocs` on mike's PATH is MkDocs here,
# so a release is the MkDocs build the tests check. tests/browser/test_versions.py runs this.
VERSION ?= $(shell $(BIN)/python -c 'import mathproofs as m; print(".".join(m.__version__.split(".")[:2]))')
MIKE_PATH := .cache/mike-path
MIKE = PATH="$(abspath $(MIKE_PATH)):$(abspath $(BIN)):$$PATH" MATHPROOFS_VERSION_SELECTOR=true \
       $(BIN)/mike
deploy: $(STAMP) ## Build release VERSION (the package's) with mike into gh-pages; latest -> it
	@test -n "$(VERSION)" || { echo "no VERSION"; exit 1; }
	mkdir -p $(MIKE_PATH)
	ln -sf "$(abspath $(BIN))/mkdocs" $(MIKE_PATH)/properdocs
	$(MIKE) deploy --update-aliases $(if $(PUSH),--push) \
	  --message "Deployed $$(git rev-parse --short HEAD) to $(VERSION) with MkDocs and mike" \
	  $(VERSION) latest
	$(MIKE) set-default $(if $(PUSH),--push) latest

# What .ci/run runs, in the same order (tests/test_ci.py compares them): lint and types first.
all: lint typecheck test test-repro test-seeds canary ## Everything CI checks, in .ci/run's order

clean: ## Remove the environment and build outputs
	rm -rf $(VENV) node_modules site test-artifacts .cache
