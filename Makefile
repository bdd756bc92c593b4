# The README's verbs. `make run` serves the site with the seed data; `make test` runs every check.
# Both work on a fresh Debian or Ubuntu machine, and can be run again without harm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

BENCH_DATABASE ?= innovation_idf_bench

.PHONY: run worker test lint mypy mypy-baseline format database seed check-migrations chromium java \
  node-modules gettext catalogs messages fuzz bench soak faults observatory lighthouse scale-out-demo \
  clean

# $(call debian_package,test,package,why): install Debian's package when the shell test fails,
# with apt-get as root or with sudo if it needs no password; otherwise say which command to run.
define debian_package
	@$(1) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
	  elif sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
	  else \
	    echo "$(3): run 'sudo apt-get install -y $(2)'."; exit 1; \
	  fi; }
endef

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { \
	  echo "Python's venv module is missing: on Debian or Ubuntu, run 'sudo apt-get install -y python3-venv'."; \
	  exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## database: start (or install) the local PostgreSQL and create the project's database
database:
	$(PYTHON) -m innovation_site.localdb ensure

## seed: migrate and load the seed data (idempotent), with the translations compiled
seed: $(STAMP) database catalogs
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_seed

## run: the site with the seed data at http://127.0.0.1:8000, and the task queue's worker in the
## background (it sends the e-mails: printed on the console with DEBUG); Ctrl-C stops both
run: seed
	@DEBUG=1 $(BIN)/python manage.py procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## worker: the task queue's worker alone, in the foreground (beside another server)
worker: seed
	DEBUG=1 $(BIN)/python manage.py procrastinate worker

## chromium: Debian's Chromium for the browser tests
chromium:
	$(call debian_package,command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ],chromium,Chromium is needed for the browser tests)

## java: Debian's Java, which runs the W3C's HTML validator (vnu.jar) in the tests
java:
	$(call debian_package,command -v java >/dev/null 2>&1,default-jre-headless,Java is needed for the HTML validator)

## gettext: GNU gettext's msgfmt, which compiles the translation catalogs
gettext:
	$(call debian_package,command -v msgfmt >/dev/null 2>&1,gettext,GNU gettext (msgfmt) is needed to compile the translations)

## catalogs: compile the translation catalogs (each django.po into its django.mo, which git
## ignores; compilemessages skips a catalog whose .mo is newer than its .po)
catalogs: $(STAMP) gettext
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

## node-modules: the npm packages that package-lock.json pins for the tests (vnu-jar, the HTML
## validator), without the optional ones (Lighthouse, which only `make lighthouse` installs)
node-modules: node_modules/.installed

# npm ci starts from an empty node_modules; it runs again only when package.json or its lock
# changes. No install script: vnu-jar's would download a Java runtime, Debian's is used instead.
node_modules/.installed: package.json package-lock.json
	$(call debian_package,command -v npm >/dev/null 2>&1,npm,npm is needed for the HTML validator)
	npm ci --omit=optional --ignore-scripts --no-audit --no-fund
	touch $@

# Lighthouse and its ~200 packages (about 190 MB), at the versions of the same lock, added to
# node_modules beside vnu-jar: npm install keeps what is there and, with --no-save, never
# rewrites package.json or the lock. (An npm ci of the tests empties node_modules, this stamp
# with it, so that Lighthouse is installed again next time.) None of them has an install script.
node_modules/.lighthouse-installed: package.json package-lock.json
	$(call debian_package,command -v npm >/dev/null 2>&1,npm,npm is needed for Lighthouse)
	npm install --no-save --include=optional --ignore-scripts --no-audit --no-fund
	touch $@

## lint: ruff's rules and formatting, djlint's rules on the templates
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

## mypy: type-check directory/ and innovation_site/; fail on an error not in .ci/mypy-baseline.txt,
## or on one listed there that is fixed (the baseline only shrinks)
mypy: $(STAMP)
	DEBUG=1 $(BIN)/python .ci/mypy_baseline.py

## mypy-baseline: drop the fixed errors from .ci/mypy-baseline.txt (ALLOW_NEW=1 records new ones too)
mypy-baseline: $(STAMP)
	DEBUG=1 $(BIN)/python .ci/mypy_baseline.py --update $(if $(ALLOW_NEW),--allow-new)

## messages: extract the messages again into the French and English catalogs, the templates'
## and modules' (django) and the scripts' (djangojs), the French ones repeating each text, then
## compile them; translate the English catalogs' new entries (README, "Languages")
messages: $(STAMP) gettext
	for domain in django djangojs; do \
	  DEBUG=1 $(BIN)/python manage.py makemessages -d $$domain -l fr -l en --no-location \
	    --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests || exit 1; \
	  for language in fr en; do \
	    msgattrib --no-obsolete directory/locale/$$language/LC_MESSAGES/$$domain.po \
	      -o directory/locale/$$language/LC_MESSAGES/$$domain.po || exit 1; \
	  done; \
	  $(BIN)/python .ci/fill_french_catalog.py directory/locale/fr/LC_MESSAGES/$$domain.po \
	    || exit 1; \
	done
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

## check-migrations: fail when a model change has no migration
check-migrations: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

## test: lint, migrations check, mypy, then every test (unit, views, admin, browser, HTML
## validity) on PostgreSQL
test: $(STAMP) database chromium java node-modules catalogs lint check-migrations mypy
	$(BIN)/pytest --create-db

## fuzz: the long run of the fuzz tests (tests/fuzz: 1,000 generated cases a test, 12,000 in
## all, a new random seed each run; FUZZ_ARGS="--hypothesis-seed=N" replays a run)
fuzz: $(STAMP) database
	HYPOTHESIS_PROFILE=long $(BIN)/pytest tests/fuzz --hypothesis-show-statistics $(FUZZ_ARGS)

## bench: the performance benchmark at 100,000 initiatives, in a database of its own
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	  else echo "wrk is needed: run 'sudo apt-get install -y wrk'."; exit 1; fi; }
	env -u DATABASE_URL $(PYTHON) -m innovation_site.localdb ensure --database $(BENCH_DATABASE)
	DEBUG=1 DATABASE_URL=$${BENCH_DATABASE_URL:-postgres:///$(BENCH_DATABASE)} \
	  $(BIN)/python manage.py benchmark $(BENCH_ARGS)

## soak: the benchmark's server at saturation for 60 s on the long-tail mix (errors, workers'
## memory), then 50 slow clients beside a visitor (gunicorn alone, then nginx in front)
soak: $(STAMP)
	@command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk nginx-light; \
	  else echo "wrk and nginx are needed: run 'sudo apt-get install -y wrk nginx-light'."; exit 1; fi; }
	env -u DATABASE_URL $(PYTHON) -m innovation_site.localdb ensure --database $(BENCH_DATABASE)
	DEBUG=1 DATABASE_URL=$${BENCH_DATABASE_URL:-postgres:///$(BENCH_DATABASE)} \
	  $(BIN)/python manage.py benchmark --soak 60 --slow-clients 50 $(BENCH_ARGS)

## faults: PostgreSQL restarted under load, on a private cluster (15/faults, port 5439) created
## on first use: 503s, recovery time, proposals sent and stored (FAULTS_ARGS: --database-url URL
## --restart-command CMD for another database)
faults: $(STAMP) catalogs
	DEBUG=1 $(BIN)/python manage.py faults $(FAULTS_ARGS)

## observatory: Mozilla's HTTP Observatory on the site served with the HTTPS settings (ports 80
## and 443 of this machine, a certificate made for localhost)
observatory: $(STAMP) seed node-modules
	DEBUG=1 $(BIN)/python manage.py observatory

## lighthouse: Lighthouse's four scores (performance, accessibility, best practices, SEO) of the
## home page, a filtered listing and a detail page, desktop and mobile, on the seed data served as
## in production (gunicorn, DEBUG off); fails on a score below 100. Not part of make test.
lighthouse: seed chromium node_modules/.lighthouse-installed
	DEBUG=1 $(BIN)/python manage.py lighthouse $(LIGHTHOUSE_ARGS)

## scale-out-demo: two app servers behind haproxy sharing a PostgreSQL primary, its streaming
## replica and Redis, in clusters of its own (as root; README, "Several app servers")
scale-out-demo: $(STAMP) catalogs
	DEBUG=1 $(BIN)/python manage.py scale_out_demo $(SCALE_OUT_ARGS)

## format: apply ruff's fixes and formatting
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## clean: remove the virtualenv, the npm packages and collected files (the database is kept)
clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
