# make run: set up .venv, build the index if missing or stale, serve the chat page.
# make test: the same set-up plus the test dependencies, then lint, type check and the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test lint eval index install clean

run: index
	$(PY) app.py

test: $(VENV)/.dev-installed lint
	$(PY) -m pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check bot app.py
	$(VENV)/bin/mypy

# Answer quality on every question set beside a plain baseline (bench/eval_table.py), a few minutes.
eval: $(VENV)/.dev-installed
	$(PY) bench/eval_table.py

# Byte-compiles the package first: Python does so itself on first import, unless PYTHONDONTWRITEBYTECODE is set.
index: $(VENV)/.installed
	$(PY) -m compileall -q bot app.py
	$(VENV)/bin/bot build

install: $(VENV)/.installed

$(PY):
	$(PYTHON) -m venv $(VENV)

# requirements.txt pins the libraries; the project itself is installed editable for the `bot` command.
$(VENV)/.installed: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) index .index.old .index.new-* .index.lock
