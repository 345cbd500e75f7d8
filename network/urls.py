from django.urls import path

from network.views import events, forum, membership, notifications, overview, people

app_name = "network"

urlpatterns = [
    path("", overview.network_overview, name="overview"),
    path("personen/", people.people_directory, name="people"),
    path("personen/<int:pk>/vcard/", people.person_vcard, name="person_vcard"),
    path("termine/", events.event_list, name="events"),
    path("termine/<int:pk>/", events.event_detail, name="event"),
    path("termine/<int:pk>.ics", events.event_ics, name="event_ics"),
    path("termine.ics", events.events_ics, name="events_ics"),
    path("forum/", forum.forum_index, name="forum"),
    path("forum/neu/", forum.thread_create_about, name="thread_create_about"),
    path("forum/moderation/", forum.moderation, name="forum_moderation"),
    path("forum/mitglieder.json", forum.mention_suggestions, name="mention_suggestions"),
    path("forum/kategorie/<slug:slug>/", forum.category_detail, name="forum_category"),
    path("forum/kategorie/<slug:slug>/neu/", forum.thread_create, name="thread_create"),
    path("forum/thema/<int:pk>/", forum.thread_detail, name="thread"),
    path("forum/thema/<int:pk>/antworten/", forum.thread_reply, name="thread_reply"),
    path("forum/thema/<int:pk>/moderieren/", forum.thread_moderate, name="thread_moderate"),
    path("forum/beitrag/<int:pk>/bearbeiten/", forum.post_edit, name="post_edit"),
    path("forum/beitrag/<int:pk>/verlauf/", forum.post_history, name="post_history"),
    path("forum/beitrag/<int:pk>/melden/", forum.post_flag, name="post_flag"),
    path("forum/beitrag/<int:pk>/loesung/", forum.post_solution, name="post_solution"),
    path("forum/beitrag/<int:pk>/moderieren/", forum.post_moderate, name="post_moderate"),
    path("forum/beitrag/<int:pk>/abtrennen/", forum.post_split, name="post_split"),
    path("benachrichtigungen/", notifications.notification_list, name="notifications"),
    path(
        "benachrichtigungen/<int:pk>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "benachrichtigungen/gelesen/", notifications.notifications_read, name="notifications_read"
    ),
    path("folgen/", notifications.follow_toggle, name="follow"),
    path("freischaltungen/", membership.approval_queue, name="approvals"),
    path("freischaltungen/<int:pk>/", membership.decide_approval, name="decide_approval"),
    path("mitglieder/", membership.member_list, name="members"),
    path("mitglieder/<int:pk>/rollen/", membership.change_roles, name="change_roles"),
    path("einladungen/", membership.invitations, name="invitations"),
]
