from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback):
    """Back to the page a form came from (its field "zurueck"), if that is an address on this
    site, else to `fallback` (a URL name)."""
    back = request.POST.get("zurueck", "")
    # Only a path: redirect() would take any other word for the name of a view.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(back)
    return redirect(fallback)
