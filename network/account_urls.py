"""The member's own pages under /konto/, beside django-allauth's."""

from django.urls import path

from network.views import membership, my_data, notifications

app_name = "my_account"

urlpatterns = [
    path("freischaltung/", membership.pending, name="pending"),
    path("einladung/<uuid:token>/", membership.invitation, name="invitation"),
    path("profil/", my_data.profile, name="profile"),
    path(
        "benachrichtigungen/",
        notifications.preferences,
        name="notification_preferences",
    ),
    path(
        "benachrichtigungen/<str:token>/",
        notifications.preferences_from_link,
        name="notification_preferences_token",
    ),
    path("meine-daten/", my_data.my_data, name="data"),
    path("meine-daten/export.json", my_data.export_my_data, name="data_export"),
    path("meine-daten/loeschen/", my_data.delete_account, name="delete"),
]
