# The two commands: `make run` (server + worker) and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := APP_ENV=development $(BIN)/flask --app aicb_board
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Test processes (pytest-xdist): one per core; `make test PYTEST_WORKERS=0` runs in one.
PYTEST_WORKERS ?= auto

.PHONY: install run test test-sqlite test-postgres bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# axe-core (npm), for the accessibility checks of the browser tests.
NODE_STAMP := node_modules/.installed-stamp
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm not found: the browser tests' accessibility checks will be skipped"; fi

run: install
	$(FLASK) db upgrade
	$(FLASK) seed demo --if-empty
	$(FLASK) search reindex --if-needed
	@# The worker (mail, search sync, expiry, pruning) runs beside the server and stops with it.
	APP_ENV=development $(BIN)/huey_consumer aicb_board.worker.huey & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# The whole suite on SQLite, then on PostgreSQL too when TEST_DATABASE_URL is set.
test: install $(NODE_STAMP)
	env -u TEST_DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-postgres: install
	TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/alerts.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r aicb_board

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
