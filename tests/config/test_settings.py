"""Settings: the SQLite tuning and a production configuration that passes Django's deploy check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_database_is_tuned_for_its_engine():
    """SQLite: WAL, busy timeout, immediate transactions. PostgreSQL: kept, checked connections,
    no JIT compiler."""
    if connection.vendor == "postgresql":
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
        assert "django.contrib.postgres" in settings.INSTALLED_APPS
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        return
    assert connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_production_settings_pass_the_deploy_check():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "production-grade-secret-key-with-enough-entropy-1234",
        "ALLOWED_HOSTS": "digitalnetz.example.de",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_file_format_libraries_load_only_where_a_file_is_made():
    """openpyxl, reportlab and icalendar hold some 45 MB that every worker would carry if the
    site's code imported them with its views (bench/report.md measures the workers' memory)."""
    script = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print(' '.join(sorted({'openpyxl', 'reportlab', 'icalendar'} & set(sys.modules))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""
