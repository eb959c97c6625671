# Two commands do all the set-up on a fresh clone: `make lab` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: lab update test test-fast lint present slides browser checkers hub-proxy bench check-fresh clean messages site site-tools serve-site

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab,present]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-lab

## lab: set up .venv, make your own copy of the course (my-course/) and open lesson 00 in
## JupyterLab (never changes the operating system)
lab: $(VENV)/.installed-lab
	$(BIN)/exercises lab

## update: bring your copies in my-course/ up to date (the ones you changed are kept)
update: $(VENV)/.installed-lab
	$(BIN)/exercises update

## present: the trainer circuit on a projector, offline, with no code showing (Voilà);
## ROUTINE=full, STATIONS=pelvic-tilt,bird-dog and PACE=reps choose what it runs
present: $(VENV)/.installed-lab
	$(BIN)/exercises present $(if $(ROUTINE),--routine "$(ROUTINE)") \
	  $(if $(STATIONS),--stations "$(STATIONS)") $(if $(PACE),--pace "$(PACE)")

## slides: reveal.js decks for every lesson, trainer and participant, in build/slides/
slides: $(VENV)/.installed-lab
	$(BIN)/exercises slides

## browser: make sure a Chromium is there for the browser tests (as root: Debian's package,
## without recommends; else Playwright's own download)
browser: $(VENV)/.installed-lab
	-$(BIN)/python -m exercises_lib.browser --install

## checkers: the W3C Nu HTML checker for the tests (npm's vnu-jar, run by Java); as root,
## Java and npm come from Debian without recommends
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/node/node_modules/vnu-jar/build/dist/vnu.jar
checkers: $(VNU_JAR)
$(VNU_JAR): | $(BIN)/python
	@if ! command -v java >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; \
	    apt-get install -y -qq --no-install-recommends default-jre-headless npm; \
	  else echo "checkers: install Java and npm to run the W3C Nu checker tests" >&2; fi; \
	fi
	if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(VENV)/node \
	    vnu-jar@$(VNU_VERSION); fi

## hub-proxy: JupyterHub's proxy for the hub test (npm's configurable-http-proxy), beside
## the checker; npm comes with the checkers' step
CHP_VERSION := 5.3.0
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
hub-proxy: $(CHP)
$(CHP): | $(VNU_JAR)
	if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --ignore-scripts --prefix $(VENV)/node \
	    vnu-jar@$(VNU_VERSION) configurable-http-proxy@$(CHP_VERSION); fi

## site: the course as a static site that runs in the browser (JupyterLite), in build/site;
## REGION=ES names Spain's routes. Its lock step needs Python 3.12 or newer (SITE_PYTHON,
## found on its own when one is installed) and npm, in a venv of its own (.venv-site)
SITE_VENV := .venv-site
SITE_PYTHON ?= $(firstword $(foreach p,python3.14 python3.13 python3.12 \
  $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python),$(shell $(p) -c \
  'import sys; print(sys.version_info >= (3, 12))' 2>/dev/null | grep -q True && echo $(p))))
site-tools: $(SITE_VENV)/.installed
$(SITE_VENV)/.installed: pyproject.toml
	@test -n "$(SITE_PYTHON)" || { echo "site: needs Python 3.12 or newer;" \
	  "install one, or name it: make site SITE_PYTHON=/path/to/python3.12" >&2; exit 1; }
	$(SITE_PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SITE_VENV)/bin/python -m pip install --quiet -e '.[site]'
	touch $@
site: site-tools
	$(SITE_VENV)/bin/exercises site --out build/site $(if $(REGION),--region "$(REGION)")

## serve-site: build the site, then serve it on this computer at http://127.0.0.1:8000/
serve-site: site
	$(SITE_VENV)/bin/python -m http.server --bind 127.0.0.1 --directory build/site 8000

## lint: ruff and mypy, as the first step of `make test`
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## test: set up everything the tests need, then run the whole suite
test: lint browser checkers hub-proxy site-tools
	$(BIN)/python -m pytest --numprocesses=3 --dist=loadfile --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=60 --durations=15 tests lessons notebooks

## test-fast: the inner loop, about 40 s: unit, widget and data tests (no PDFs, notebooks,
## servers or browser); run `make test` before you commit
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest --numprocesses=2 -m "not slow and not browser" tests

## messages: after changing a message in the code, refresh the catalogue (exercises.pot),
## merge it into each language's .po (then translate what is new) and compile them; with
## no message changed, the committed files stay as they are (the date is not news)
LOCALE := exercises_lib/locale
messages: $(VENV)/.installed-test
	$(BIN)/pybabel extract --project=exercises-lib --add-location=file --sort-output \
	  --no-wrap --copyright-holder="The authors of A stronger lower back" \
	  -o $(LOCALE)/exercises.pot.new exercises_lib
	if diff -q -I '^"POT-Creation-Date:' $(LOCALE)/exercises.pot $(LOCALE)/exercises.pot.new \
	  >/dev/null 2>&1; then rm $(LOCALE)/exercises.pot.new; \
	else mv $(LOCALE)/exercises.pot.new $(LOCALE)/exercises.pot; fi
	$(BIN)/pybabel update --input-file=$(LOCALE)/exercises.pot --output-dir=$(LOCALE) \
	  --domain=exercises --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile --directory=$(LOCALE) --domain=exercises --statistics

## bench: print the speed figures next to their baselines
bench: $(VENV)/.installed-test hub-proxy site-tools
	$(BIN)/python bench/catalog.py
	$(BIN)/python bench/timer.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/handouts.py
	$(BIN)/python bench/problems.py
	$(BIN)/python bench/hub.py
	$(BIN)/python bench/site.py

clean:
	rm -rf build .pytest_cache

## check-fresh: clone the committed course into a temp folder and run `make test` there
check-fresh:
	@tmp=$$(mktemp -d) && git clone -q "$(CURDIR)" "$$tmp/course" && \
	  echo "Fresh clone in $$tmp/course" && \
	  $(MAKE) -C "$$tmp/course" test PYTHON=$(PYTHON) && \
	  echo "check-fresh: OK (clone, venv, install, browser, lint, tests)" && rm -rf "$$tmp"
