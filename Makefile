# Two commands matter: `make demo` and `make test` (see README.md).
PYTHON_BIN := $(shell sh scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test e2e lint format check install clean messages

$(STAMP): requirements-dev.lock pyproject.toml
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.12 or newer is needed"; exit 1; }
	test -x $(BIN)/python || $(PYTHON_BIN) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lamtheobac migrate --noinput
	$(BIN)/lamtheobac demo
	@# The task worker (imports and documents) runs beside the site and stops with it.
	$(BIN)/lamtheobac db_worker --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/lamtheobac runserver 127.0.0.1:8000

# The whole suite on the embedded SQLite database. Set DATABASE_URL to run it on
# PostgreSQL; the browser tests run when /usr/bin/chromium is present (set
# LAMTHEOBAC_E2E_REQUIRED=1 to make a missing browser fail them). -rfEs lists
# failures, errors and skips by name; PYTEST_ARGS passes more options.
test: $(STAMP)
	$(BIN)/pytest -q -rfEs $(PYTEST_ARGS)

# Only the browser tests; here a missing /usr/bin/chromium is a failure.
e2e: $(STAMP)
	LAMTHEOBAC_E2E_REQUIRED=1 $(BIN)/pytest -q -rfEs -m e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(BIN)/lamtheobac makemigrations --check --dry-run
	$(BIN)/lamtheobac check

clean:
	rm -rf $(VENV) db.sqlite3

# Refresh the Vietnamese catalogue from the code (needs GNU gettext), then compile it.
messages: $(STAMP)
	cd lamtheobac && ../$(BIN)/lamtheobac makemessages -l vi --no-obsolete --no-location --ignore='*/tests/*' --ignore='demo/*'
	cd lamtheobac && ../$(BIN)/lamtheobac makemessages -d djangojs -l vi --no-obsolete --no-location --ignore='static/vendor/*' || true
	cd lamtheobac && ../$(BIN)/lamtheobac compilemessages -l vi
