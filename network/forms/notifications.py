from django import forms

from network.models import User


class NotificationPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["notification_frequency"]
        widgets = {"notification_frequency": forms.RadioSelect}
