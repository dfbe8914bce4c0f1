# Thin bootstrap: make .venv with the pinned dependencies, then hand over to invoke (tasks.py).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
INVOKE := $(VENV)/bin/invoke

.PHONY: site test serve publish clean lint

$(STAMP): requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $@

site: $(STAMP)
	$(INVOKE) build

test: $(STAMP)
	$(INVOKE) test

serve: $(STAMP)
	$(INVOKE) serve

publish: $(STAMP)
	$(INVOKE) publish --siteurl "$(SITEURL)"

lint: $(STAMP)
	$(INVOKE) lint

clean:
	rm -rf output .output.building .output.old .output.state .output.state.new
