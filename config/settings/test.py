"""Tests: fast password hashing, mails kept in memory, plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: E402, F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Two test runs side by side (e.g. two checkouts' worth of work) each need their own files.
TEST_RUN = os.environ.get("TEST_RUN", "test")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": VAR_DIR / f"{TEST_RUN}.sqlite3"}  # noqa: F405
# A real cache shared between processes, as in production; tests clear it before each test.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / f"{TEST_RUN}-cache",  # noqa: F405
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / f"{TEST_RUN}-page-cache",  # noqa: F405
    },
}
# Tasks run at once, inside the test, where their effects can be checked.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Whatever .env says, tests never reach a cluster by accident: the Elasticsearch tests switch it on
# themselves (tests/portal/test_search_elasticsearch.py, `make test-es`) with the address kept
# here, and write to indexes of their own.
ELASTICSEARCH_TEST_URL = ELASTICSEARCH_URL  # noqa: F405
ELASTICSEARCH_URL = ""
ELASTICSEARCH_INDEX = f"{ELASTICSEARCH_INDEX}-test-{TEST_RUN}"  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.wagtail_backend"}}
