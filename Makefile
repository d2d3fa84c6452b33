# The two commands of the quick start: `make demo` and `make test` (which runs `make check` first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check fuzz install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/suivi demo out/demo

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(STAMP) check
	$(BIN)/python -m pytest -q

# 100,000 mutated inputs of every kind over 2 processes (about 10 min on two free cores); FUZZ_ARGS="--inputs 5000" for less.
fuzz: $(STAMP)
	$(BIN)/python tests/fuzzing.py --workers 2 $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) out build dist .mypy_cache .ruff_cache
