"""gunicorn's settings for Digitalnetz: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Workers: WEB_CONCURRENCY (gunicorn's own variable), or one; address: --bind or GUNICORN_CMD_ARGS.
"""

# The application is loaded once, before the workers are forked: what config.wsgi loads and
# freezes (Django, Wagtail and the apps, some 130 MB) is shared by the workers instead of
# loaded by each of them.
preload_app = True

# A worker is replaced after this many requests (spread, so that they are not replaced at
# once): what a worker keeps from request to request cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
