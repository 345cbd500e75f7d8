"""The member's own data: profile and consent, export and erasure (DSGVO Art. 15, 17, 20)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.forms import ContactProfileForm, DeleteAccountForm
from network.models import ContactPerson, Function
from network.permissions import member_required
from network.personal_data import erase_personal_data, export_personal_data


@member_required
def profile(request):
    user = request.user
    contact = ContactPerson.objects.filter(user=user).first() or ContactPerson(
        user=user,
        organisation=user.organisation,
        name=user.get_full_name(),
        email=user.email,
        function=user.function or Function.SONSTIGE,
    )
    if contact.organisation_id is None:
        # Only accounts of an organisation have a directory entry (e.g. not the operator's).
        return render(request, "network/profile.html", {"form": None})
    form = ContactProfileForm(request.POST or None, request.FILES or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Eintrag und Ihre Einwilligung sind gespeichert."))
        return redirect("my_account:profile")
    return render(request, "network/profile.html", {"form": form, "contact": contact})


@login_required
def my_data(request):
    return render(request, "network/my_data.html", {"form": DeleteAccountForm(user=request.user)})


@login_required
def export_my_data(request):
    data = json.dumps(export_personal_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    filename = f"digitalnetz-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "network/my_data.html", {"form": form})
    user = request.user
    logout(request)
    erase_personal_data(user)
    messages.success(request, _("Ihr Konto und Ihre persönlichen Daten sind gelöscht."))
    return redirect("/")
