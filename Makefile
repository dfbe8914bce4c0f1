# Thin bootstrap: make .venv with the pinned dependencies, then hand over to invoke (tasks.py).
# The build's runtime comes from requirements.txt; `make test` adds the test tools of requirements-dev.txt.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
INVOKE := $(VENV)/bin/invoke
PIP := $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps

.PHONY: install site test serve publish clean lint

$(STAMP): requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	rm -f $(DEV_STAMP)
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

install: $(STAMP)

site: $(STAMP)
	$(INVOKE) build

test: $(DEV_STAMP)
	$(INVOKE) test

serve: $(STAMP)
	$(INVOKE) serve

publish: $(STAMP)
	$(INVOKE) publish --siteurl "$(SITEURL)" $(PUBLISH_OPTIONS)

lint: $(DEV_STAMP)
	$(INVOKE) lint

clean:
	rm -rf output .output.building .output.old .output.state .output.state.new
