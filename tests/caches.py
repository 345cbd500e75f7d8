"""Every cache emptied: before each test (conftest.py), and before each request a test measures."""

from django.core.cache import caches


def empty_caches():
    """What the site remembers, and the pages visitors share, which would answer a repeated
    request without a single query."""
    for cache in caches.all():
        cache.clear()
