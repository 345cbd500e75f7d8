"""Keep a moved project's lead organisation in step with the page it now stands under."""

from django.dispatch import receiver
from wagtail.signals import post_page_move

from projects.models import ProjectPage


@receiver(post_page_move, sender=ProjectPage)
def project_moved(instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk != parent_page_after.pk:
        # Wagtail saves the moved page as a plain Page; ProjectPage.save() updates the lead.
        ProjectPage.objects.get(pk=instance.pk).save()
