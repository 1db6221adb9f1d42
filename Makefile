# The two commands a newcomer types are `make demo` and `make test`; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo web-demo test lint bench install clean system

# PDF reports need Pango from the system (WeasyPrint loads it): stop at once with what to install.
PANGO_HINT := magcoach needs Pango for PDF reports: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 (macOS: brew install pango)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system: $(STAMP)
	@$(BIN)/python -c "import weasyprint" >/dev/null 2>&1 || { echo "$(PANGO_HINT)" >&2; exit 1; }

demo: system
	$(BIN)/python -m magcoach.demo

# The web app on Dana's demo diary (made by `make demo` when missing), on the demo's date.
web-demo: system
	test -f out/demo/magcoach.sqlite || $(BIN)/python -m magcoach.demo
	MAGCOACH_HOME=out/demo MAGCOACH_TODAY=2026-06-15 $(BIN)/magcoach serve

# Every test runs: PostgreSQL and Chromium are set up by tools/test-system (or it says what to
# install); nothing is skipped for want of them.
test: $(STAMP)
	@pg="$$(./tools/test-system)" && $(MAKE) --no-print-directory system \
		&& export "$$pg" && $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	# tests are typed too; they may call the untyped parts of matplotlib and friends
	$(BIN)/mypy --allow-untyped-calls --no-warn-unused-ignores tests

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
