"""The way into the network: sign-up, invitation, approval or rejection, each with its e-mail."""

from allauth.account.adapter import get_adapter
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.models import ApprovalStatus, Invitation, User
from network.permissions import COORDINATORS, MEMBERS
from network.personal_data import erase_personal_data

INVITATION_SESSION_KEY = "network_invitation"


def accept_invitation(request, invitation):
    """Remember the invitation for the sign-up that follows.

    The link came to the invited address, so allauth need not confirm that address again.
    """
    request.session[INVITATION_SESSION_KEY] = str(invitation.token)
    get_adapter(request).stash_verified_email(request, invitation.email)


def register_signup(request, user):
    """Approve an account made from an invitation link; any other account waits."""
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    invitation = (
        Invitation.objects.open().for_email(user.email).filter(token=token).first()
        if token
        else None
    )
    if invitation is None:
        # Coordinators hear of the account once its address is confirmed (signals.py).
        return
    user.organisation = invitation.organisation
    user.save(update_fields=["organisation"])
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_by"])
    approve(request, user, decided_by=invitation.invited_by, notify=False)


def lock_pending(user):
    """The account, locked for a decision; None if someone else has decided already."""
    return (
        User.objects.select_for_update()
        .filter(pk=user.pk, approval_status=ApprovalStatus.PENDING, is_active=True)
        .first()
    )


@transaction.atomic
def approve(request, user, decided_by, notify=True):
    """Make the account a member; False if it was no longer waiting."""
    pending = lock_pending(user)
    if pending is None:
        return False
    pending.approval_status = ApprovalStatus.APPROVED
    pending.approval_decided_at = timezone.now()
    pending.approval_decided_by = decided_by
    pending.save(update_fields=["approval_status", "approval_decided_at", "approval_decided_by"])
    pending.groups.add(Group.objects.get(name=MEMBERS))
    if notify:
        context = {
            "user": pending,
            "login_url": request.build_absolute_uri(reverse("account_login")),
        }
        send_mail_on_commit(request, "network/email/membership_approved", pending.email, context)
    return True


@transaction.atomic
def reject(request, user, reason):
    """Tell the person why, and delete the account: nobody keeps data of those turned away."""
    pending = lock_pending(user)
    if pending is None:
        return False
    context = {"name": pending.get_full_name() or pending.username, "reason": reason}
    send_mail_on_commit(request, "network/email/membership_rejected", pending.email, context)
    erase_personal_data(pending)
    return True


def invite(request, invitation):
    """Send the invitation, or, for an address that has an account, a reminder to log in.

    The inviter sees the same either way: inviting must not reveal who has an account.
    """
    if User.objects.filter(email__iexact=invitation.email).exists():
        context = {"login_url": request.build_absolute_uri(reverse("account_login"))}
        send_mail_on_commit(
            request, "network/email/invitation_existing_account", invitation.email, context
        )
        return
    invitation.save()
    link = reverse("my_account:invitation", kwargs={"token": invitation.token})
    context = {"invitation": invitation, "invitation_url": request.build_absolute_uri(link)}
    send_mail_on_commit(request, "network/email/invitation", invitation.email, context)


def notify_coordinators_of_signup(request, user):
    context = {"user": user, "queue_url": absolute_url(request, "network:approvals")}
    coordinators = User.objects.filter(groups__name=COORDINATORS, is_active=True)
    for email in coordinators.values_list("email", flat=True):
        send_mail_on_commit(request, "network/email/signup_waiting", email, context)


def absolute_url(request, view_name, **kwargs):
    return request.build_absolute_uri(reverse(view_name, kwargs=kwargs))


def send_mail_on_commit(request, template_prefix, email, context):
    """Render the mail now, through allauth's adapter like all account mail, and send it once
    the decision it reports is saved."""
    context = {
        "request": request,
        "email": email,
        "current_site": get_current_site(request),
        **context,
    }
    message = get_adapter(request).render_mail(template_prefix, email, context)
    transaction.on_commit(message.send)
