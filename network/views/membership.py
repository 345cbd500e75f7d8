"""Approval of new accounts and invitations, for coordinators and editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import membership
from network.forms import (
    ApprovalDecisionForm,
    InvitationForm,
    MemberFilterForm,
    MemberRolesForm,
)
from network.models import ApprovalStatus, Invitation, User
from network.permissions import (
    approved_accounts,
    awaiting_approval,
    can_approve_members,
    can_invite,
    invitable_organisations,
    role_required,
    roles_of,
    set_roles,
)
from network.views.redirects import redirect_back

MEMBERS_PER_PAGE = 50


@login_required
def pending(request):
    """Where an account waits for approval; approved members are sent on."""
    if not request.user.is_pending:
        return redirect("/")
    return render(request, "network/pending.html")


def invitation(request, token):
    """The link in an invitation e-mail: on to the sign-up, with the address already confirmed."""
    invitation = Invitation.objects.open().filter(token=token).first()
    if invitation is None:
        return render(request, "network/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("Sie sind bereits angemeldet; die Einladung wird nicht benötigt."))
        return redirect("/")
    membership.accept_invitation(request, invitation)
    return redirect("account_signup")


@role_required(can_approve_members)
def approval_queue(request):
    pending_users = awaiting_approval().select_related("organisation").order_by("date_joined")
    return render(
        request,
        "network/approval_queue.html",
        {"pending_users": pending_users, "form": ApprovalDecisionForm()},
    )


@require_POST
@role_required(can_approve_members)
def decide_approval(request, pk):
    user = get_object_or_404(User, pk=pk, approval_status=ApprovalStatus.PENDING, is_active=True)
    form = ApprovalDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Entscheidung konnte nicht gelesen werden."))
        return redirect("network:approvals")
    name = user.get_full_name() or user.username
    if form.cleaned_data["decision"] == "approve":
        decided = membership.approve(request, user, decided_by=request.user)
        done = _("%(name)s ist freigeschaltet.")
    else:
        decided = membership.reject(request, user, form.cleaned_data["reason"])
        done = _("Die Registrierung von %(name)s ist abgelehnt und gelöscht.")
    if decided:
        messages.success(request, done % {"name": name})
    else:
        messages.info(request, _("Über %(name)s wurde bereits entschieden.") % {"name": name})
    return redirect("network:approvals")


@role_required(can_approve_members)
def member_list(request):
    """All members with their roles, which coordinators change here."""
    form = MemberFilterForm(request.GET or None)
    members = (
        form.filter(approved_accounts())
        .select_related("organisation")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("seite"))
    rows = [
        (member, MemberRolesForm(initial=roles_of(member), auto_id=f"id_member{member.pk}_%s"))
        for member in page
    ]
    return render(
        request,
        "network/member_list.html",
        {"filter_form": form, "members": page, "rows": rows},
    )


@require_POST
@role_required(can_approve_members)
def change_roles(request, pk):
    member = get_object_or_404(
        User.objects.select_related("organisation"),
        pk=pk,
        approval_status=ApprovalStatus.APPROVED,
    )
    form = MemberRolesForm(request.POST)
    form.is_valid()  # Boolean fields are always valid; a missing one means "no".
    roles = form.cleaned_data
    name = member.get_full_name() or member.username
    if member == request.user and not roles["coordinator"]:
        messages.error(
            request,
            _(
                "Sie können sich die Koordination nicht selbst entziehen; bitten Sie eine andere "
                "Koordinatorin oder einen anderen Koordinator."
            ),
        )
    else:
        set_roles(member, **roles)
        messages.success(request, _("Die Rollen von %(name)s sind gespeichert.") % {"name": name})
    # Back to the list page the coordinator came from, never to another site.
    return redirect_back(request, "network:members")


@role_required(can_invite)
def invitations(request):
    organisations = invitable_organisations(request.user)
    form = InvitationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        invitation = form.save(commit=False)
        invitation.invited_by = request.user
        membership.invite(request, invitation)
        messages.success(
            request, _("Die Einladung an %(email)s ist verschickt.") % {"email": invitation.email}
        )
        return redirect("network:invitations")
    sent = Invitation.objects.filter(organisation__in=organisations).select_related(
        "organisation", "accepted_by"
    )[:50]
    return render(request, "network/invitations.html", {"form": form, "invitations": sent})
