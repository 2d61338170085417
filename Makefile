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
# Where `make deploy` copies output/: a local folder or an rsync destination (host:/pfad/).
DEPLOY_TARGET ?=
export DEBUG
# For `make new-…`: the title, optionally the date (JJJJ-MM-TT) and a page's folder.
export TITLE DATE BEREICH

.DEFAULT_GOAL := help

.PHONY: help setup html serve devserver preview new-press-release new-event new-page publish deploy check test bench stress-search lint format clean test-tools vendor-kern vendor-cms redaktion compare-builds

help: ## diese Übersicht
	@echo "NorderstedtGO! Newsroom – make-Ziele (Schalter: PORT=$(PORT) HOST=$(HOST) DEBUG=1):"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 24 | sed 's/^/  /'

# The first run (and each change of requirements.txt) installs; say so, it takes a while.
# The project itself is installed editable (plugins/newsroom), so `python -m newsroom` and the
# tests import the code of this folder without any search-path setting.
$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Einmalige Einrichtung: $(VENV)/ wird angelegt und mit den Paketen aus requirements.txt"
	@echo "bestückt (Pelican, Markdown, Babel, icalendar, Pagefind …). Das dauert etwa eine Minute"
	@echo "und geschieht nur beim ersten Mal und nach einer Änderung von requirements.txt."
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@
	@echo "Einrichtung fertig."

setup: $(VENV)/.installed ## .venv mit den festgelegten Paketversionen anlegen

# npm packages for the tests (axe-core, the Nu HTML Checker, decap-server), for `make redaktion`
# and for `make vendor-kern`/`make vendor-cms`, pinned
# in package-lock.json; the site itself builds with Python only. Without npm the browser tests
# are skipped (CI sets NEWSROOM_REQUIRE_BROWSER and fails instead).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  echo "Einmalig: die Test-Werkzeuge (axe-core, Nu HTML Checker) werden mit npm installiert."; \
	  npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error && touch $@; \
	else echo "npm fehlt: die Browser-Tests werden übersprungen."; fi

test-tools: node_modules/.installed ## npm-Werkzeuge installieren (axe-core, vnu.jar, decap-server)

vendor-kern: setup node_modules/.installed ## KERN-CSS und -Schriften gekürzt nach theme/static/kern/
	$(PY) theme/tools/vendor_kern.py

vendor-cms: setup node_modules/.installed ## Decap CMS (deutsch) nach plugins/newsroom/cms/static/decap/
	$(PY) -m newsroom.tools.vendor_cms

html: setup ## die Website nach output/ bauen (Entwicklung)
	$(PY) -m newsroom build --settings pelicanconf.py --output $(OUTPUT)

serve: html ## bauen und unter http://127.0.0.1:PORT/ zeigen (PORT=8000)
	@$(PY) -m newsroom serve --output $(OUTPUT) --host $(HOST) --port $(PORT)

devserver: setup ## bei jeder Änderung neu bauen, Browser lädt neu (Live-Reload)
	$(PY) -m newsroom devserver --settings pelicanconf.py --host $(HOST) --port $(PORT)

preview: setup ## Vorschau mit Entwürfen und Sperrfristen (markiert) nach vorschau/, Live-Reload
	$(PY) -m newsroom devserver --preview --settings pelicanconf.py --host $(HOST) --port $(PORT)

CMS_PORT ?= 8081
redaktion: setup node_modules/.installed ## im Browser bearbeiten: /admin/ und Vorschau, nur auf diesem Rechner
	$(PY) -m newsroom.tools.redaktion --settings pelicanconf.py --host $(HOST) --port $(PORT) --cms-port $(CMS_PORT)

new-press-release: setup ## neue Pressemitteilung anlegen: TITLE="…" [DATE=JJJJ-MM-TT]
	$(PY) -m newsroom new press-release --title "$$TITLE" $${DATE:+--date "$$DATE"}

new-event: setup ## neue Veranstaltung anlegen: TITLE="…" [DATE=JJJJ-MM-TT]
	$(PY) -m newsroom new event --title "$$TITLE" $${DATE:+--date "$$DATE"}

new-page: setup ## neue Seite anlegen: TITLE="…" [BEREICH=projekte|seiten]
	$(PY) -m newsroom new page --title "$$TITLE" $${BEREICH:+--section "$$BEREICH"}

publish: setup ## Produktions-Build (publishconf.py) nach output/
	$(PY) -m newsroom build --settings publishconf.py --output $(OUTPUT)

deploy: setup ## output/ nach DEPLOY_TARGET veröffentlichen (neue Dateien zuerst)
	$(PY) -m newsroom deploy --output $(OUTPUT) --target "$(DEPLOY_TARGET)"

check: setup ## alle Inhalte prüfen, ohne die Website zu schreiben
	$(PY) -m newsroom check --settings pelicanconf.py

lint: setup ## ruff: Stil und Format prüfen
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup ## ruff: Code formatieren
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: setup test-tools lint ## alle Tests (und Lint)
	$(PY) -m pytest

bench: setup ## Leistungstest gegen Pelican, schreibt docs/PERFORMANCE.md [BENCH_SIZES=1000,5000 BENCH_RUNS=3]
	$(PY) -m tests.bench.run

stress-search: setup ## 100 Produktions-Builds hintereinander: Suchindex stabil? [STRESS_BUILDS=100 STRESS_RELEASES=400]
	$(PY) -m tests.bench.stress_search

compare-builds: setup ## Produktions-Builds (Inhalt, alle Szenarien) mit Commit REF vergleichen: REF=HEAD
	$(PY) -m tests.tools.compare_builds "$(REF)"

clean: ## Ausgabe und Zwischenstände löschen
	rm -rf $(OUTPUT) vorschau cache .$(OUTPUT)-cache .vorschau-cache .pytest_cache .ruff_cache
