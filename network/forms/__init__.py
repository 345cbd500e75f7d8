from .accounts import (
    ApprovalDecisionForm,
    DeleteAccountForm,
    InvitationForm,
    MemberFilterForm,
    MemberRolesForm,
    SignupForm,
)
from .organisations import OrganisationFilterForm
from .people import ContactProfileForm, PeopleFilterForm

__all__ = [
    "ApprovalDecisionForm",
    "ContactProfileForm",
    "DeleteAccountForm",
    "InvitationForm",
    "MemberFilterForm",
    "MemberRolesForm",
    "OrganisationFilterForm",
    "PeopleFilterForm",
    "SignupForm",
]
