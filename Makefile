# make run: set up .venv, build the index if missing or stale, serve the chat page.
# make test: the same set-up plus the test dependencies, then the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test index install clean

run: index
	$(PY) app.py

test: $(VENV)/.dev-installed
	$(PY) -m pytest

index: $(VENV)/.installed
	$(PY) -m bot build

install: $(VENV)/.installed

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) index .index.old .index.new-* .index.lock
