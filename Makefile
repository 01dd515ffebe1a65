# 讲稿工作台 · Speech Workbench
# `make dashboard` and `make test` are the two commands a new machine needs.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
STAMP := $(VENV)/.installed

.PHONY: install system-deps dashboard lab test lint bench clean hub hub-install hub-system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-install only when the dependency list changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Chromium (browser tests) and LibreOffice (Word layout check, PDF export) from Debian's
# packages, with the free fonts the PDF export maps the official ones to
# (workbench/renderers/fonts.conf): Noto CJK, AR PL Kaiti, Liberation (Times New Roman);
# python3-uno drives LibreOffice: kept warm for the dashboard's PDF exports, and in the
# tracked-changes tests (under /usr/bin/python3).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi 'Noto Sans CJK' || ! fc-list | grep -qi 'AR PL UKai' || ! fc-list | grep -qi 'AR PL KaitiM GB' || ! fc-list | grep -qi 'Liberation Serif' || ! /usr/bin/python3 -c 'import uno' 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
			chromium libreoffice-writer-nogui fonts-noto-cjk poppler-utils \
			fonts-arphic-ukai fonts-arphic-gkai00mp fonts-liberation2 python3-uno; \
	fi

# The dashboard: one notebook, sources and tracebacks hidden, a preheated kernel so the
# first page comes fast (voila.json holds the rest: upload size, idle-kernel culling).
# DASHBOARD_HOST=0.0.0.0 serves other machines; put it behind authentication first (SECURITY.md).
DASHBOARD_HOST ?= 127.0.0.1
dashboard: install system-deps
	@echo "讲稿工作台: http://$(DASHBOARD_HOST):$(PORT)/"
	$(VENV)/bin/voila notebooks/dashboard.ipynb --no-browser --port=$(PORT) \
		--Voila.ip=$(DASHBOARD_HOST) --strip_sources=True --show_tracebacks=False \
		--preheat_kernel=True --pool_size=1

# Kernel messages up to 24 MiB (tornado's default is 10): a 20 MB Word upload must not drop
# the connection (voila.json sets the same for the dashboard).
lab: install
	$(VENV)/bin/jupyter lab notebooks/workbench.ipynb \
		--ServerApp.tornado_settings='{"websocket_max_message_size": 25165824}' \
		--ServerApp.kernel_websocket_connection_class=workbench.kernels.PromptConnection

test: install system-deps hub-install
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

# -- `make hub`: JupyterHub for an office of writers (docs/deploy.md) ----------------------
# The writers' servers run as the writers' own system users, so the hub gets a venv of its
# own made from a Python every user can run (a Python under /root, e.g. pyenv's, is not).
HUB_PYTHON ?= /usr/bin/python3
HUB_VENV := .venv-hub
HUB_STAMP := $(HUB_VENV)/.installed
HUB_HOST ?= 127.0.0.1
HUB_PORT ?= 8000
HUB_STATE ?= /var/lib/workbench-hub
WORKBENCH_LIBRARY ?= /srv/workbench/library

$(HUB_STAMP): pyproject.toml
	@test -x $(HUB_PYTHON) || { echo "make hub: $(HUB_PYTHON) not found; set HUB_PYTHON to a Python 3.11+ all users can run"; exit 2; }
	$(HUB_PYTHON) -m venv $(HUB_VENV)
	$(HUB_VENV)/bin/python -m pip install -q --upgrade pip
	$(HUB_VENV)/bin/python -m pip install -q -e '.[hub]'
	touch $(HUB_STAMP)

# Debian's configurable-http-proxy (the hub's front), and venv support for Debian's Python.
hub-system-deps:
	@if ! command -v configurable-http-proxy >/dev/null || ! $(HUB_PYTHON) -c 'import ensurepip' 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get \
			-o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends node-configurable-http-proxy python3-venv; \
	fi

hub-install: hub-system-deps $(HUB_STAMP)

# Runs as root (it creates the writers' servers as their users); add writers with
# `sudo .venv-hub/bin/workbench hub add-user NAME`. HUB_HOST=0.0.0.0 serves the intranet.
hub: hub-install
	@[ "$$(id -u)" = 0 ] || { echo "make hub: run as root (sudo make hub)"; exit 2; }
	@echo "讲稿工作台（多人）: http://$(HUB_HOST):$(HUB_PORT)/"
	mkdir -p -m 0700 $(HUB_STATE)
	cd $(HUB_STATE) && HUB_HOST=$(HUB_HOST) HUB_PORT=$(HUB_PORT) HUB_STATE=$(HUB_STATE) \
		WORKBENCH_LIBRARY=$(WORKBENCH_LIBRARY) $(CURDIR)/$(HUB_VENV)/bin/jupyterhub \
		-f $(CURDIR)/deploy/hub/jupyterhub_config.py

clean:
	rm -rf $(VENV) $(HUB_VENV) .pytest_cache build *.egg-info
