# The two commands a newcomer needs: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
# pyenv resolves python3.13 from .python-version; fall back to python3.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-quick lint venv dev chromium

$(PY):
	$(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] >= (3, 13), "Python 3.13 is required, found " + sys.version'

venv: $(PY)

run: venv
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	# Fictional demo details (555-01xx is reserved for fiction) until the admin changes them.
	DJANGO_DEBUG=1 PRACTICE_PHONE="$${PRACTICE_PHONE-(212) 555-0100}" \
	  PRACTICE_EMAIL="$${PRACTICE_EMAIL-hello@practice.example}" \
	  $(PY) manage.py runserver 127.0.0.1:8000

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

dev: venv chromium
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt

test: dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Under a minute: leaves out the browser, worker processes and the hostile corpus.
test-quick: dev
	$(PY) -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint: dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates
