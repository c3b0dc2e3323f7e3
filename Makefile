# Jianxian. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
MANAGE := $(UV) run --locked python manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: run test lint setup uv sync locale system-packages demo serve

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv

sync: uv
	$(UV) sync --locked

locale: sync
	$(MANAGE) compile_locale

setup: locale
	$(MANAGE) migrate --noinput

demo: setup
	$(MANAGE) load_demo

run: demo
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

# Debian packages for PDF, fonts and the browser tests: installed when we are root.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "NOTE: not root; cannot install Debian packages:$$missing (their tests will be skipped)"; \
	fi

test: locale system-packages
	$(UV) run --locked pytest
	@if $(UV) run --locked python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(TEST_DATABASE_URL)" 2>/dev/null; then \
		echo "=== Again on PostgreSQL ($(TEST_DATABASE_URL)) ==="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(UV) run --locked pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "FAILED: PostgreSQL at $(TEST_DATABASE_URL) is not reachable, and CI may skip nothing."; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL run (no server at $(TEST_DATABASE_URL))."; \
	fi

lint: sync
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .
	$(UV) run --locked mypy .
