from .accounts import (
    ApprovalDecisionForm,
    DeleteAccountForm,
    InvitationForm,
    SignupForm,
)
from .organisations import OrganisationFilterForm
from .people import ContactProfileForm, PeopleFilterForm

__all__ = [
    "ApprovalDecisionForm",
    "ContactProfileForm",
    "DeleteAccountForm",
    "InvitationForm",
    "OrganisationFilterForm",
    "PeopleFilterForm",
    "SignupForm",
]
