# Tjänsteslussen: `make run` serves the demo municipality, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := wsgi

.PHONY: run test lint translations i18n-update browser clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/python tools/i18n.py compile

i18n-update: $(VENV)/.installed
	$(BIN)/python tools/i18n.py update

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask eservices load-demo
	EID_DEMO_ENABLED=$${EID_DEMO_ENABLED:-true} $(BIN)/flask run --port $(PORT)

# Browser tests use Debian's Chromium where apt exists (Playwright's own download
# is not reachable everywhere); elsewhere Playwright installs its own.
browser: $(VENV)/.installed-test
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	else $(BIN)/python -m playwright install chromium; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python tools/i18n.py check

test: translations browser lint
	$(BIN)/python -m pytest
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== the same suite on PostgreSQL: $$TEST_POSTGRES_URL"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/python -m pytest; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
