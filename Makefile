# 讲稿工作台 · Speech Workbench
# `make dashboard` and `make test` are the two commands a new machine needs.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
STAMP := $(VENV)/.installed

.PHONY: install system-deps dashboard lab test lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-install only when the dependency list changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Chromium (browser tests) and LibreOffice (Word layout check) from Debian's packages.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi 'Noto Sans CJK'; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends \
			chromium libreoffice-writer-nogui fonts-noto-cjk poppler-utils; \
	fi

# The dashboard: one notebook, sources and tracebacks hidden, a preheated kernel so the
# first page comes fast (voila.json holds the rest: upload size, idle-kernel culling).
# DASHBOARD_HOST=0.0.0.0 serves other machines; put it behind authentication first (SECURITY.md).
DASHBOARD_HOST ?= 127.0.0.1
dashboard: install
	@echo "讲稿工作台: http://$(DASHBOARD_HOST):$(PORT)/"
	$(VENV)/bin/voila notebooks/dashboard.ipynb --no-browser --port=$(PORT) \
		--Voila.ip=$(DASHBOARD_HOST) --strip_sources=True --show_tracebacks=False \
		--preheat_kernel=True --pool_size=1

# Kernel messages up to 24 MiB (tornado's default is 10): a 20 MB Word upload must not drop
# the connection (voila.json sets the same for the dashboard).
lab: install
	$(VENV)/bin/jupyter lab notebooks/workbench.ipynb \
		--ServerApp.tornado_settings='{"websocket_max_message_size": 25165824}'

test: install system-deps
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check workbench tests bench tools
	$(PY) tools/check_layers.py

BENCH_STAMP := $(VENV)/.bench-installed

# The benchmark's extra packages (docxtpl, pandoc, profilers), only for `make bench`.
$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $(BENCH_STAMP)

# Figures to bench/results.json and a table; BENCHMARKS.md says how to read them.
bench: install $(BENCH_STAMP) system-deps
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
