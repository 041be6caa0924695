# Each target bootstraps .venv from nothing (Python 3.11+ is all it needs), then runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,ray]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python sample_projects/demo.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/python -m pytest -q

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,ray,bench]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --no-deps scenedetect
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/lint_bench.py
	$(BIN)/python benchmarks/agent_bench.py
	$(BIN)/python benchmarks/notes_corpus.py
	$(BIN)/python benchmarks/frames_bench.py
	$(BIN)/python benchmarks/scale_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
