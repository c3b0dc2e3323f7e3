"""Settings: production passes the deploy checks; each database gets its own tuning."""

import json
import os
import secrets
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

pytestmark = pytest.mark.django_db

ENV_NAMES = [
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_BACKEND",
    "TASKS_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CONN_MAX_AGE",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the test suite's conftest sets it; production must not
]


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        JIANXIAN_VAR_DIR=str(tmp_path),
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in output.upper()
    assert result.stderr.strip() == ""


def test_production_settings_values(tmp_path):
    values = settings_in(
        production_env(tmp_path),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "MAILERS",
        "TASKS",
        "ALLOWED_HOSTS",
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["ALLOWED_HOSTS"] == ["example.org"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_picks_the_settings_branch(tmp_path):
    sqlite = settings_in(production_env(tmp_path), "DATABASES")["DATABASES"]["default"]
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert "busy_timeout" in sqlite["OPTIONS"]["init_command"]

    env = production_env(tmp_path, DATABASE_URL="postgres://jx:pw@db.example.org:5432/jianxian")
    postgres = settings_in(env, "DATABASES")["DATABASES"]["default"]
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert postgres["NAME"] == "jianxian"
    assert postgres["CONN_MAX_AGE"] == 60
    assert postgres["CONN_HEALTH_CHECKS"] is True
    assert "transaction_mode" not in postgres.get("OPTIONS", {})


def test_the_database_in_use_is_tuned(tmp_path):
    """SQLite: WAL, IMMEDIATE transactions and a busy timeout, proven on a real file.
    PostgreSQL: persistent, health-checked connections."""
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        default = settings.DATABASES["default"]
        assert default["ENGINE"] == "django.db.backends.postgresql"
        assert default["CONN_MAX_AGE"] == int(os.environ.get("CONN_MAX_AGE", "60"))
        assert default["CONN_HEALTH_CHECKS"] is True
        assert "transaction_mode" not in default.get("OPTIONS", {})
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 140000
        return

    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    path = tmp_path / "probe.sqlite3"
    wrapper_class = type(connections["default"])
    probe = wrapper_class({**connection.settings_dict, "NAME": str(path)}, alias="probe")
    connections["probe"] = probe
    try:
        with probe.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            cursor.execute("CREATE TABLE probe (x INTEGER)")
        # An IMMEDIATE transaction takes the write lock when it begins, even before
        # it writes; a DEFERRED one would let the other writer in.
        with transaction.atomic(using="probe"), probe.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM probe")
            other = sqlite3.connect(path, timeout=0.05)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        probe.close()
        del connections["probe"]
