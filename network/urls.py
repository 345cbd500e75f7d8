from django.urls import path

from network.views import events, membership, overview, people

app_name = "network"

urlpatterns = [
    path("", overview.network_overview, name="overview"),
    path("personen/", people.people_directory, name="people"),
    path("personen/<int:pk>/vcard/", people.person_vcard, name="person_vcard"),
    path("termine/", events.event_list, name="events"),
    path("termine/<int:pk>/", events.event_detail, name="event"),
    path("termine/<int:pk>.ics", events.event_ics, name="event_ics"),
    path("termine.ics", events.events_ics, name="events_ics"),
    path("freischaltungen/", membership.approval_queue, name="approvals"),
    path("freischaltungen/<int:pk>/", membership.decide_approval, name="decide_approval"),
    path("mitglieder/", membership.member_list, name="members"),
    path("mitglieder/<int:pk>/rollen/", membership.change_roles, name="change_roles"),
    path("einladungen/", membership.invitations, name="invitations"),
]
