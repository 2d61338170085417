# NorderstedtGO! newsroom. `make` alone lists the targets.
# Every target sets up .venv with the pinned dependencies first, so a fresh clone needs only
# python3, make and git.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
DEBUG ?=
OUTPUT := output
export PYTHONPATH := plugins
export DEBUG

.DEFAULT_GOAL := help

.PHONY: help setup html serve devserver publish check test lint format clean

help: ## diese Übersicht
	@echo "NorderstedtGO! Newsroom – make-Ziele (Schalter: PORT=8000 DEBUG=1):"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 24 | sed 's/^/  /'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed ## .venv mit den festgelegten Paketversionen anlegen

html: setup ## die Website nach output/ bauen (Entwicklung)
	$(PY) -m newsroom build --settings pelicanconf.py --output $(OUTPUT)

serve: html ## bauen und unter http://127.0.0.1:$(PORT)/ zeigen
	@echo "Website unter http://$(HOST):$(PORT)/ – beenden mit Strg+C"
	$(PY) -m pelican.server $(PORT) $(HOST) --path $(OUTPUT) 2>/dev/null || \
	  (cd $(OUTPUT) && ../$(PY) -m http.server --bind $(HOST) $(PORT))

devserver: setup ## bei jeder Änderung neu bauen, Browser lädt neu (Live-Reload)
	$(PY) -m newsroom devserver --settings pelicanconf.py --host $(HOST) --port $(PORT)

publish: setup ## Produktions-Build (publishconf.py) nach output/
	$(PY) -m newsroom build --settings publishconf.py --output $(OUTPUT)

check: setup ## alle Inhalte prüfen, ohne die Website zu schreiben
	$(PY) -m newsroom check --settings pelicanconf.py

lint: setup ## ruff: Stil und Format prüfen
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup ## ruff: Code formatieren
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: setup lint ## alle Tests (und Lint)
	$(PY) -m pytest

clean: ## Ausgabe und Zwischenstände löschen
	rm -rf $(OUTPUT) cache .pytest_cache .ruff_cache
