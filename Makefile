# Two commands on a fresh machine with Python ≥ 3.11 and pip:
#   make deck   → builds the sample briefing into out/
#   make test   → runs the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: deck test bench clean

$(BIN)/deckbuild: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	# An editable install leaves sources uncompiled; compile once, as a wheel install would,
	# so that every run does not pay for it (PYTHONDONTWRITEBYTECODE stops Python doing so).
	$(BIN)/python -m compileall -q src
	touch $@

deck: $(BIN)/deckbuild
	$(BIN)/deckbuild build deck/sovereign-ai.yaml

test: $(BIN)/deckbuild
	$(BIN)/python -m pytest

bench: $(BIN)/deckbuild
	$(BIN)/python bench/run.py

clean:
	rm -rf out $(VENV)
