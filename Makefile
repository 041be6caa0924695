# Each target bootstraps .venv from nothing (Python 3.11+ is all it needs), then runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/soracheck lint sample_projects/redline-coffee sample_projects/mirror-that-remembers/sheet.md sample_projects/mirror-that-remembers
	@echo "--- the first draft of Redline Coffee, before soracheck (its findings are expected):"
	-$(BIN)/soracheck lint sample_projects/redline-coffee/drafts/first-draft.yaml
	@echo "--- director notes on Redline Coffee, turned into a linted diff (nothing is written without --write):"
	-$(BIN)/soracheck sample_projects/redline-coffee/notes.txt --offline
	@echo "--- the CI gate on both projects: every rule, and the frame rules on their renders (they pass):"
	$(BIN)/soracheck check sample_projects/redline-coffee
	$(BIN)/soracheck check sample_projects/mirror-that-remembers
	@echo "--- Redline Coffee against renders with six injected drifts (each is caught, at its shot):"
	-$(BIN)/soracheck frames sample_projects/redline-coffee/renders-drift/*.mp4 --output-format concise
	-$(BIN)/soracheck frames sample_projects/redline-coffee/renders-drift/*.mp4 --output-format html \
		-o sample_projects/redline-coffee/.soracheck/drift-report.html
	@echo "--- governance: the Ember Oat spot in three variants, with its documented consent, brand and provenance faults:"
	-$(BIN)/soracheck check sample_projects/brand-spot --output-format concise

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/python -m pytest -q

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --no-deps scenedetect
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/lint_bench.py
	$(BIN)/python benchmarks/agent_bench.py
	$(BIN)/python benchmarks/frames_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
