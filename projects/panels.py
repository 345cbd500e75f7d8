"""An admin panel that shows, while an editor fills in a project, who else does the same."""

from wagtail.admin.panels import Panel


class SimilarProjectsPanel(Panel):
    """Similar projects of other organisations; updated from the title and OZG services as the
    editor types (see static/projects/similar_projects.js), listed at once for saved projects."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "projects/admin/similar_projects_panel.html"

        def get_context_data(self, parent_context=None):
            # Imported here: finding similar projects builds on the page models.
            from projects.similar import similar_to

            context = super().get_context_data(parent_context)
            project = self.instance
            parent = getattr(self.form, "parent_page", None)
            context["organisation_id"] = parent.pk if parent else project.lead_organisation_id
            context["similar"] = similar_to(project, self.request.user) if project.pk else []
            return context
