# The README's two commands: `make serve` and `make test`. Everything they
# need is installed here, from pinned versions, into .venv/ and node_modules/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install serve build test lint typecheck check pytest bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(PIP) install --quiet --upgrade "pip==26.3"
	$(PIP) install --quiet -c requirements.lock -e ".[site,test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## create .venv and node_modules from the pins

serve: install ## build and serve on http://127.0.0.1:8000; an edited note reloads in about a second
	$(BIN)/mkdocs serve --no-strict --dirty --dev-addr 127.0.0.1:8000 --livereload

build: install ## strict build into site/
	$(BIN)/mkdocs build --strict --clean

lint: install ## ruff lint and format check
	$(BIN)/ruff check notes_tools tests bench
	$(BIN)/ruff format --check notes_tools tests bench

typecheck: install ## mypy --strict over notes_tools
	$(BIN)/mypy

check: install ## front matter, tags, HTML policy and code-block languages of every note
	$(BIN)/notes-tools check docs

pytest: install ## every pytest test (code blocks, notebooks, tools, the strict build, the browser)
	$(BIN)/python -m pytest

test: lint typecheck check pytest ## everything CI runs

bench: install ## benchmarks against peers (slow; not part of `make test`)
	$(BIN)/python bench/sdp_throughput.py
	$(BIN)/python bench/oom_scan.py
	$(BIN)/python bench/site_build.py

clean: ## remove build outputs (keeps .venv and node_modules)
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache
