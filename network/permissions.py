"""Who may do what in the network: every access rule in one place.

Roles are Django groups, so Wagtail's admin and Django's permission checks both understand them:

- member: every approved account is in the MEMBERS group;
- editor: each organisation has its own editors' group with Wagtail page permissions on exactly
  that organisation's page subtree;
- coordinator: the COORDINATORS group, with page permissions on the whole tree;
- moderator: the MODERATORS group.

A pending account is in no group, so it has no permission beyond a visitor's.
"""

from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PagePermissionTester,
)

from network.models import ApprovalStatus, OrganisationPage, User

MEMBERS = "Mitglieder"
COORDINATORS = "Koordination"
MODERATORS = "Moderation"

VIEW_MEMBER_CONTENT = "network.view_member_content"
APPROVE_MEMBER = "network.approve_member"
INVITE_MEMBER = "network.invite_member"
MODERATE_FORUM = "network.moderate_forum"

ACCESS_ADMIN = "wagtailadmin.access_admin"
MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    # Wagtail checks document rights on its own Document model, whichever model the site uses.
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
EDITOR_PAGE_PERMISSIONS = [
    "wagtailcore.add_page",
    "wagtailcore.change_page",
    "wagtailcore.publish_page",
]
COORDINATOR_PAGE_PERMISSIONS = [
    *EDITOR_PAGE_PERMISSIONS,
    "wagtailcore.delete_page",
    "wagtailcore.bulk_delete_page",
    "wagtailcore.lock_page",
    "wagtailcore.unlock_page",
]

ROLE_PERMISSIONS = {
    MEMBERS: [VIEW_MEMBER_CONTENT],
    MODERATORS: [VIEW_MEMBER_CONTENT, MODERATE_FORUM],
    COORDINATORS: [
        VIEW_MEMBER_CONTENT,
        APPROVE_MEMBER,
        INVITE_MEMBER,
        ACCESS_ADMIN,
        "network.add_contactperson",
        "network.change_contactperson",
        "network.delete_contactperson",
        "network.view_contactperson",
        "network.add_event",
        "network.change_event",
        "network.delete_event",
        "network.view_event",
        MODERATE_FORUM,
        "network.add_forumcategory",
        "network.change_forumcategory",
        "network.delete_forumcategory",
        "network.view_forumcategory",
        "kb.add_handlungsfeld",
        "kb.change_handlungsfeld",
        "kb.delete_handlungsfeld",
        "kb.view_handlungsfeld",
        "kb.add_glossaryterm",
        "kb.change_glossaryterm",
        "kb.delete_glossaryterm",
        "kb.view_glossaryterm",
        "kb.add_applicantgroup",
        "kb.change_applicantgroup",
        "kb.delete_applicantgroup",
        "kb.view_applicantgroup",
        "projects.coordinate_network",
        "network.change_ozgleistung",
        "network.view_ozgleistung",
        "projects.add_strategymeasure",
        "projects.change_strategymeasure",
        "projects.delete_strategymeasure",
        "projects.view_strategymeasure",
        "projects.change_statusupdate",
        "projects.delete_statusupdate",
        "projects.view_statusupdate",
        "portal.view_searchquery",
        "projects.import_projects",
    ],
}
EDITOR_PERMISSIONS = [INVITE_MEMBER, ACCESS_ADMIN]

# Editors share images and documents in MEDIA_COLLECTION. Members' portraits go to
# PORTRAIT_COLLECTION, which only coordinators see: a hidden contact's face is no one's business.
MEDIA_COLLECTION = "Medien"
PORTRAIT_COLLECTION = "Porträts"
# The template library lists the documents of this collection (see kb.TemplateDocument).
TEMPLATE_COLLECTION = "Vorlagen"


def permissions_by_name(names):
    """Permission objects for "app_label.codename" names, in one query."""
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(query))
    if len(permissions) != len(set(names)):
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        raise ImproperlyConfigured(f"Unknown permissions: {sorted(set(names) - found)}")
    return permissions


def collection(name):
    """A collection directly below the root one, created when first needed."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def sync_role_groups():
    """Create the role groups and give them, and every approved account, their rights.

    Idempotent; runs after every migration, so it also brings older data up to date.
    """
    for name, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_by_name(permission_names))
    members = Group.objects.get(name=MEMBERS)
    members.user_set.add(*approved_accounts().exclude(groups=members))
    root = Page.get_first_root_node()
    if root is None:
        return  # a freshly flushed database has no page tree yet
    coordinators = Group.objects.get(name=COORDINATORS)
    for permission in permissions_by_name(COORDINATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page=root, permission=permission
        )
    grant_media_permissions([coordinators], Collection.get_first_root_node())
    ensure_editors_groups(OrganisationPage.objects.filter(editors_group__isnull=True))


def grant_media_permissions(groups, media_collection):
    """Let the groups upload and choose images and documents in the collection."""
    media_permissions = permissions_by_name(MEDIA_PERMISSIONS)
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group=group, collection=media_collection, permission=permission
            )
            for group in groups
            for permission in media_permissions
        ],
        ignore_conflicts=True,
    )


def editors_group_name(organisation):
    return f"Redaktion {organisation.title} ({organisation.ags or organisation.pk})"


def ensure_editors_groups(organisations):
    """Give every organisation without one its editors' group, in bulk.

    The group may edit and publish the organisation's page and everything below it, and nothing
    else; the importer calls this for thousands of organisations at once.
    """
    organisations = [org for org in organisations if org.editors_group_id is None]
    if not organisations:
        return
    # A group of that name may be left from an earlier link; it is taken over.
    names = [editors_group_name(org) for org in organisations]
    existing = {group.name: group for group in Group.objects.filter(name__in=names)}
    # SQLite and PostgreSQL both return the new primary keys from bulk_create.
    created = Group.objects.bulk_create(
        [Group(name=name) for name in names if name not in existing]
    )
    groups_by_name = existing | {group.name: group for group in created}
    groups = [groups_by_name[name] for name in names]
    group_permissions = permissions_by_name(EDITOR_PERMISSIONS)
    Group.permissions.through.objects.bulk_create(
        [
            Group.permissions.through(group=group, permission=permission)
            for group in groups
            for permission in group_permissions
        ],
        ignore_conflicts=True,
    )
    page_permissions = permissions_by_name(EDITOR_PAGE_PERMISSIONS)
    for org, group in zip(organisations, groups, strict=True):
        org.editors_group = group
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=org.editors_group, page=org, permission=permission)
            for org in organisations
            for permission in page_permissions
        ],
        ignore_conflicts=True,
    )
    for shared in (MEDIA_COLLECTION, TEMPLATE_COLLECTION):
        grant_media_permissions(groups, collection(shared))
    OrganisationPage.objects.bulk_update(organisations, ["editors_group"], batch_size=500)


def approved_accounts():
    """Accounts a coordinator approved and that are still active: the network's members."""
    return User.objects.filter(approval_status=ApprovalStatus.APPROVED, is_active=True)


def coordinators():
    """The members with the coordinator's role."""
    return approved_accounts().filter(groups__name=COORDINATORS)


def awaiting_approval():
    """Accounts waiting for a coordinator's decision: the approval queue.

    Only addresses confirmed by their owner: unconfirmed sign-ups may be anyone's.
    """
    return User.objects.filter(
        approval_status=ApprovalStatus.PENDING, is_active=True, emailaddress__verified=True
    ).distinct()


def add_to_role(user, group_name):
    user.groups.add(Group.objects.get(name=group_name))


def make_editor(user, organisation):
    """Let the user edit the organisation's pages; an editor is a member too."""
    ensure_editors_groups([organisation])
    user.groups.add(organisation.editors_group, Group.objects.get(name=MEMBERS))


def roles_of(user):
    """The roles beyond membership, from groups prefetched or loaded with the user."""
    names = {group.name for group in user.groups.all()}
    organisation = user.organisation
    return {
        "editor": organisation is not None
        and any(group.pk == organisation.editors_group_id for group in user.groups.all()),
        "moderator": MODERATORS in names,
        "coordinator": COORDINATORS in names,
    }


def set_roles(user, editor, moderator, coordinator):
    """Give or take the roles; an editor edits the organisation the member belongs to."""
    role_groups = {
        group.name: group for group in Group.objects.filter(name__in=[MODERATORS, COORDINATORS])
    }
    for wanted, group in (
        (moderator, role_groups[MODERATORS]),
        (coordinator, role_groups[COORDINATORS]),
    ):
        if wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if editor and user.organisation is not None:
        make_editor(user, user.organisation)
    elif user.organisation is not None and user.organisation.editors_group_id:
        user.groups.remove(user.organisation.editors_group_id)


# Checks. Django loads a user's permissions once per request and caches them on the user.


def is_member(user):
    return user.is_authenticated and user.has_perm(VIEW_MEMBER_CONTENT)


def can_approve_members(user):
    return user.is_authenticated and user.has_perm(APPROVE_MEMBER)


def can_invite(user):
    return user.is_authenticated and user.has_perm(INVITE_MEMBER)


def can_moderate(user):
    return user.is_authenticated and user.has_perm(MODERATE_FORUM)


def can_edit_post(user, post):
    """Authors edit their posts while the thread is open; moderators always."""
    if can_moderate(user):
        return True
    return post.author_id == user.pk and not post.thread.is_locked and not post.is_hidden


def can_mark_solution(user, thread):
    """Who asked decides what solved it; moderators may too."""
    return can_moderate(user) or (thread.author_id == user.pk and is_member(user))


def invitable_organisations(user):
    """Coordinators invite into any organisation, editors into the ones they edit."""
    if can_approve_members(user):
        return OrganisationPage.objects.all()
    if not can_invite(user):
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(editors_group__in=user.groups.all())


# Wagtail answers a forbidden page action with a redirect to its dashboard. The network answers
# 403 instead, so that reaching into another organisation's pages shows as what it is.
ADMIN_PAGE_ACTIONS = {
    "edit": "can_edit",
    "preview_on_edit": "can_edit",
    "revisions_revert": "can_edit",
    "add": "can_add_subpage",
    "add_subpage": "can_add_subpage",
    "delete": "can_delete",
    "unpublish": "can_unpublish",
    "move": "can_move",
    "move_confirm": "can_move",
    "copy": "can_copy",
    "lock": "can_lock",
    "unlock": "can_unlock",
    "revisions_index": "can_edit",
    "revisions_view": "can_edit",
    "revisions_compare": "can_edit",
    "history": "can_edit",
    "history_results": "can_edit",
    "set_privacy": "can_set_view_restrictions",
}


def may_use_admin_page_action(user, page, action):
    """Whether the user may do the Wagtail admin page action (a URL name) on the page."""
    check = ADMIN_PAGE_ACTIONS.get(action)
    return check is None or getattr(page.permissions_for_user(user), check)()


class OrganisationPagePermissionTester(PagePermissionTester):
    """An organisation's page roots its editors' subtree; they edit it but cannot remove it.

    Deleting, unpublishing, moving or restricting it is left to those with the delete permission:
    the coordinators. Wagtail asks this tester in every view, menu and bulk action.
    """

    def may_restructure(self):
        return self.user.is_superuser or "delete" in self.permissions

    def can_delete(self, ignore_bulk=False):
        return self.may_restructure() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.may_restructure() and super().can_unpublish()

    def can_move(self):
        return self.may_restructure() and super().can_move()

    def can_set_view_restrictions(self):
        return self.may_restructure() and super().can_set_view_restrictions()


def role_required(check):
    """Decorate a view so that only users passing `check` reach it.

    Visitors are sent to the login page and pending accounts to the page explaining that they
    wait for approval; everyone else who fails the check gets 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if check(user):
                return view(request, *args, **kwargs)
            if user.is_pending:
                return redirect("my_account:pending")
            raise PermissionDenied

        return wrapped

    return decorator


member_required = role_required(is_member)
