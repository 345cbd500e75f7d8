from django.urls import path

from network.views import membership, overview, people

app_name = "network"

urlpatterns = [
    path("", overview.network_overview, name="overview"),
    path("personen/", people.people_directory, name="people"),
    path("personen/<int:pk>/vcard/", people.person_vcard, name="person_vcard"),
    path("freischaltungen/", membership.approval_queue, name="approvals"),
    path("freischaltungen/<int:pk>/", membership.decide_approval, name="decide_approval"),
    path("mitglieder/", membership.member_list, name="members"),
    path("mitglieder/<int:pk>/rollen/", membership.change_roles, name="change_roles"),
    path("einladungen/", membership.invitations, name="invitations"),
]
