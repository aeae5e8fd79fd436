# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ASSETS := node_modules/.installed
VENDOR := static/vendor/socket.io.min.js
# The suite runs in this many processes (pytest-xdist), one test module to a process.
TEST_WORKERS ?= 3
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: all install assets catalogs run test test-postgres lint extract-messages clean

all: install assets catalogs

$(INSTALLED): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev,postgres,redis]"
	touch $@

install: $(INSTALLED)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Third-party browser code comes from the npm registry at a pinned version, served by the app.
$(VENDOR): $(ASSETS)
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/

assets: $(VENDOR)

catalogs: $(INSTALLED)
	$(BIN)/pybabel -q compile -d translations

run: all
	$(BIN)/samskapande init
	$(BIN)/samskapande demo
	$(BIN)/samskapande serve

# lint-imports checks the floor plan in pyproject.toml ([tool.importlinter]).
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# SQLite by default; SAMSKAPANDE_TEST_DATABASE_URL in the environment switches to PostgreSQL.
test: all lint
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: all lint
	SAMSKAPANDE_TEST_DATABASE_URL=$${SAMSKAPANDE_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
		$(PYTEST) $(PYTEST_ARGS)

# After changing interface text: extract the strings and merge them into the catalogs.
extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations

clean:
	rm -rf $(VENV) node_modules static/vendor translations/*/LC_MESSAGES/*.mo
