from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from wagtail.models import Page

from network.models import ContactPerson
from portal.context_processors import navigation
from portal.forms import SearchForm
from projects.models import ProjectPage

SEARCH_RESULTS_PER_PAGE = 20
CONTACT_RESULTS = 10


def search(request):
    """Site-wide search over published public pages and the contacts the user may see."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = contacts = None
    if query:
        pages = (
            Page.objects.live()
            .public()
            .exclude(pk__in=ProjectPage.objects.hidden_from(request.user).values("pk"))
            .specific()
            .search(query)
        )
        results = Paginator(pages, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("seite"))
        contacts = (
            ContactPerson.objects.visible_to(request.user)
            .for_listing()
            .search(query)[:CONTACT_RESULTS]
        )
    return render(
        request,
        "portal/search.html",
        {"form": form, "query": query, "results": results, "contacts": contacts},
    )


def server_error(request):
    """The 500 page, rendered without context processors: the database may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render(navigation(request)))
