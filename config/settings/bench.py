"""Benchmarks (`make bench`, the bench package): production as far as one machine allows.

The runner sets DATABASE_URL and BENCH_CACHE for each database it measures.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")

from .base import *  # noqa: E402, F403

# The load test talks to gunicorn on loopback; the in-process client calls itself "testserver".
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The site's URLs plus a trivial view, the floor the load test compares every page with.
ROOT_URLCONF = "bench.urls"
# Plain static URLs: the hashed names of production cost one dictionary lookup a file, and
# collecting the files is no part of what the bench measures.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# A cache of its own for each database: pages cached from one must not answer for the other.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("BENCH_CACHE", default=str(VAR_DIR / "bench-cache")),  # noqa: F405
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("BENCH_CACHE", default=str(VAR_DIR / "bench-cache")) + "-pages",  # noqa: F405
    },
}
# The bench measures the database's own search, whatever .env says.
ELASTICSEARCH_URL = ""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.wagtail_backend"}}
# Nothing measured sends mail or waits for the worker; the generator fills the index itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
