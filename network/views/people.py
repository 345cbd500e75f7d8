"""The contact directory: whom to call, as far as each person has consented to be shown."""

import vobject
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from network.forms import PeopleFilterForm
from network.models import ContactPerson

PEOPLE_PER_PAGE = 30


def people_directory(request):
    form = PeopleFilterForm(request.GET or None, user=request.user)
    contacts = (
        form.filter(ContactPerson.objects.visible_to(request.user))
        .for_listing()
        .order_by("name", "pk")
    )
    page = Paginator(contacts, PEOPLE_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "network/people_directory.html", {"filter_form": form, "contacts": page})


def person_vcard(request, pk):
    """The contact as a vCard 3.0 file for address books; only for those allowed to see it."""
    contact = get_object_or_404(
        ContactPerson.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    card = vobject.vCard()
    card.add("fn").value = contact.name
    # The directory keeps one name field; its last word is taken as the family name.
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("org").value = [contact.organisation.title]
    card.add("title").value = contact.get_function_display()
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    if contact.phone:
        phone = card.add("tel")
        phone.value = contact.phone
        phone.type_param = "WORK"
    response = HttpResponse(card.serialize(), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(contact.name)}.vcf"'
    return response
