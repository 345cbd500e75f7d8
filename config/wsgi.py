"""WSGI entry point for gunicorn and other servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, the apps) lives as long as the process: the garbage
# collector need not walk it again at every full collection. At national scale those walks were
# most of the spread between a dashboard's median and its 95th percentile.
gc.freeze()
