"""Who may report on a project, join it, or import projects; page editing itself is Wagtail's."""

from network.permissions import is_member


def may_post_status_update(user, project):
    """Members of the organisations that carry the project, and whoever may edit its page.

    That covers the lead organisation's editors and the coordinators, network-wide.
    """
    if not is_member(user):
        return False
    if user.organisation_id in project.participating_organisation_ids():
        return True
    return project.permissions_for_user(user).can_edit()


def may_register_interest(user, project):
    """A member's organisation joins as interested, unless it has a part in it already."""
    return (
        is_member(user)
        and user.organisation_id is not None
        and all(
            partner.organisation_id != user.organisation_id for partner in project.partners.all()
        )
    )


def may_import_projects(user):
    """Coordinators bring a network's existing list of projects in, for every organisation."""
    return user.is_authenticated and user.has_perm("projects.import_projects")
