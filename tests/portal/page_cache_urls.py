"""The site's addresses and a page with a form for visitors, as a contact form would be."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def visitor_form(request):
    return HttpResponse(
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{get_token(request)}"></form>'
    )


urlpatterns = [path("formular/", visitor_form), *site_urlpatterns]
