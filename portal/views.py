from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.models import GlossaryPage
from network.models import ContactPerson
from network.permissions import role_required
from portal.context_processors import navigation
from portal.forms import SearchForm
from portal.models import Kind
from portal.search import analytics, fulltext
from portal.search.engine import SearchRequest, query_terms, search, suggest, visible_entries
from portal.search.highlight import excerpt, highlight
from portal.search.suggestions import popular_tags, spelling_suggestion

GLOSSARY_HINTS = 5


def search_view(request):
    """Site-wide search over everything the user may see, with facets (/suche/?q=)."""
    form = SearchForm(request.GET)
    query = form.query()
    context = {"form": form, "query": query}
    if query:
        response = search(
            SearchRequest(
                query=query,
                user=request.user,
                filters=form.filters(),
                page=request.GET.get("seite", 1),
            )
        )
        contacts = contacts_of(response.page, request.user)
        for entry in response.page:
            # Elasticsearch marks the matches itself; what it leaves unmarked is marked here.
            if not hasattr(entry, "highlighted_title"):
                entry.highlighted_title = highlight(entry.title, response.terms)
            if not hasattr(entry, "excerpt"):
                entry.excerpt = excerpt(entry.text, response.terms)
            entry.contact = contacts.get(entry.object_id) if entry.kind == Kind.PERSON else None
        total = response.page.paginator.count
        context["facets"] = facet_links(request, response.facets)
        context["chosen_filters"] = chosen_filters(request, form.filters(), response.facets)
        # Counted once per search: narrowing it down by facets or paging is not a new one, and a
        # facet that leaves nothing must not make the query look unanswered.
        if response.page.number == 1 and not form.filters():
            analytics.record(query, total)
        context.update(response=response, results=response.page, total=total)
        if not total:
            context.update(empty_state(query, request.user))
    return render(request, "portal/search.html", context)


def contacts_of(entries, user):
    """The contact people among the results, with what their cards show."""
    ids = [entry.object_id for entry in entries if entry.kind == Kind.PERSON]
    if not ids:
        return {}
    contacts = ContactPerson.objects.visible_to(user).for_listing().filter(pk__in=ids)
    return {contact.pk: contact for contact in contacts}


FACET_LABELS = {
    "art": _("Art"),
    "kommune": _("Kommune"),
    "handlungsfeld": _("Handlungsfeld"),
    "status": _("Stand"),
    "schlagwort": _("Schlagwort"),
}


def facet_links(request, facets):
    """Each facet value with the address that chooses it, or (when chosen) drops it again."""
    links = []
    for name, values in facets.items():
        for value in values:
            query = request.GET.copy()
            query.pop("seite", None)
            if value.selected:
                query.pop(name, None)
            else:
                query[name] = value.value
            value.url = f"?{query.urlencode()}"
        links.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return links


def chosen_filters(request, filters, facets):
    """The chosen facet values, each with the address of the same search without it.

    Built from the query string, not from the facet counts: a value that leaves no results (or
    an unknown one) is not among the counted values, and must still be removable.
    """
    chosen = []
    for name, value in filters.items():
        labels = dict(Kind.choices) if name == "art" else {}
        labels.update((facet.value, facet.label) for facet in facets.get(name, []))
        query = request.GET.copy()
        query.pop("seite", None)
        query.pop(name, None)
        chosen.append(
            {
                "facet": FACET_LABELS[name],
                "label": labels.get(value, value),
                "url": f"?{query.urlencode()}",
            }
        )
    return chosen


def empty_state(query, user):
    """What helps after a search found nothing: another spelling, tags, the glossary."""
    entries = visible_entries(user)
    hints = []
    if terms := query_terms(query):
        # Any of the words: the glossary may explain one of them.
        matches = fulltext.match(entries.filter(kind=Kind.TERM), terms, any_term=True)
        hints = list(matches.order_by("-rank")[:GLOSSARY_HINTS])
    return {
        "suggestion": spelling_suggestion(query, entries),
        "popular_tags": popular_tags(entries),
        "glossary_hints": hints,
        "glossary": GlossaryPage.objects.live().public().first(),
    }


def search_suggestions(request):
    """Titles for the search box as JSON; without JavaScript, a page of links."""
    query = request.GET.get("q", "")[:200]
    suggestions = suggest(query, request.user)
    for suggestion in suggestions:
        suggestion["kind"] = str(Kind(suggestion["kind"]).label)
    if request.GET.get("format") == "json":
        return JsonResponse({"query": query, "suggestions": suggestions})
    return render(
        request, "portal/search_suggestions.html", {"query": query, "suggestions": suggestions}
    )


def tag_page(request, slug):
    """Everything with one tag, whatever its kind (/tags/<slug>/)."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    response = search(
        SearchRequest(
            query="",
            user=request.user,
            filters={"schlagwort": slug, "art": request.GET.get("art", "")},
            page=request.GET.get("seite", 1),
        )
    )
    if not response.page.paginator.count and not request.GET.get("art"):
        raise Http404  # a tag used only where the user may not look
    context = {"tag": tag, "response": response, "kinds": response.facets["art"]}
    context["kind"] = next((kind for kind in context["kinds"] if kind.selected), None)
    return render(request, "portal/tag.html", context)


def may_see_search_analytics(user):
    return user.has_perm("portal.view_searchquery")


@role_required(may_see_search_analytics)
def search_analytics(request):
    """For coordinators: what people look for, and what they do not find."""
    return render(
        request,
        "portal/search_analytics.html",
        {
            "top_queries": analytics.top_queries(),
            "unanswered_queries": analytics.unanswered_queries(),
            "days": analytics.DAYS_SHOWN,
        },
    )


def server_error(request):
    """The 500 page, rendered without context processors: the database may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render(navigation(request)))
