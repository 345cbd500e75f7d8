from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # A pending account can do nothing yet; tell its holder why instead of the home page.
        if request.user.is_pending:
            return reverse("my_account:pending")
        return super().get_login_redirect_url(request)
