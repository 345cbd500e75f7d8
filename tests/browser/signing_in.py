"""Browser tests start signed in without going through the login form each time."""

from django.test import Client


def sign_in(page, base_url, user):
    """Give the browser the session of a user signed in through Django's test client."""
    if user is None:
        return
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
