# Keel: set-up and everyday targets. Every target creates/reuses the local .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DATA := demo-data

.PHONY: demo test lint typecheck bench bench-tt regressions clean system-deps

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@echo "Installing Keel and its dependencies (the first install compiles quickfix: about 7 minutes)..."
	$(PY) -m pip install --quiet -e '.[dev,tt]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/keel demo --data-folder $(DEMO_DATA)

# Debian's chromium renders report.html in the browser test; installed when missing (as root).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian chromium for the report's browser test..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium is not installed; the browser test will be skipped"; fi; }

test: $(STAMP) system-deps
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench examples

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/keel/model src/keel/engine src/keel/securities src/keel/reality

bench: $(STAMP)
	$(PY) bench/backtest/bench.py

# TT simulator: round trip, max rate, paced 5,000 orders/s verdict, CPU per order.
bench-tt: $(STAMP)
	$(PY) bench/tt_sim/bench_order_ack.py --json bench/results/tt-sim-$$(date -u +%Y-%m-%d).jsonl

regressions: $(STAMP)
	$(VENV)/bin/keel regressions

clean:
	rm -rf $(VENV) $(DEMO_DATA) backtests .pytest_cache .ruff_cache .mypy_cache
