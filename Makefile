# Everything a fresh machine needs, from Python 3.11 alone.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PROD_ENV := DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=quality-check-$$(date +%s)-only-not-a-real-secret-0123456789 ALLOWED_HOSTS=missions-locales.example.org

.PHONY: install demo serve test quality format bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

var:
	mkdir -p var

demo: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo
	@echo "Application : http://127.0.0.1:$(PORT)/"
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install var
	$(VENV)/bin/pytest $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# PostgreSQL on 127.0.0.1 (DATABASE_URL to choose another): seeds 120,000 young people, times the pages, load-tests.
# make bench BENCH_ARGS="--youths 600000"; BENCH_ARGS="--skip-seed" reuses the database; see bench/run.py --help.
bench: install var
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
