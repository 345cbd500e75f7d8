"""The way into the network: sign-up, invitation, approval or rejection, each with its e-mail."""

from allauth.account.adapter import get_adapter
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.models import ApprovalStatus, Invitation, User
from network.permissions import COORDINATORS, MEMBERS


def register_signup(request, user):
    """A new account is approved at once if it was invited, otherwise it waits for a coordinator."""
    invitation = Invitation.objects.open().for_email(user.email).first()
    if invitation is None:
        notify_coordinators_of_signup(request, user)
        return
    user.organisation = invitation.organisation
    user.save(update_fields=["organisation"])
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_by"])
    approve(request, user, decided_by=invitation.invited_by, notify=False)


@transaction.atomic
def approve(request, user, decided_by, notify=True):
    user.approval_status = ApprovalStatus.APPROVED
    user.approval_decided_at = timezone.now()
    user.approval_decided_by = decided_by
    user.save(update_fields=["approval_status", "approval_decided_at", "approval_decided_by"])
    user.groups.add(Group.objects.get(name=MEMBERS))
    if notify:
        login_url = request.build_absolute_uri(reverse("account_login"))
        send_mail(
            request,
            "network/email/membership_approved",
            user.email,
            {"user": user, "login_url": login_url},
        )


def reject(request, user, decided_by, reason):
    """A rejected account can no longer log in; the person is told why."""
    user.approval_status = ApprovalStatus.REJECTED
    user.approval_decided_at = timezone.now()
    user.approval_decided_by = decided_by
    user.is_active = False
    user.save(
        update_fields=["approval_status", "approval_decided_at", "approval_decided_by", "is_active"]
    )
    send_mail(
        request,
        "network/email/membership_rejected",
        user.email,
        {"user": user, "reason": reason},
    )


def invite(request, invitation):
    invitation.save()
    send_mail(
        request,
        "network/email/invitation",
        invitation.email,
        {
            "invitation": invitation,
            "signup_url": request.build_absolute_uri(reverse("account_signup")),
        },
    )


def notify_coordinators_of_signup(request, user):
    queue_url = request.build_absolute_uri(reverse("network:approvals"))
    coordinators = User.objects.filter(groups__name=COORDINATORS, is_active=True)
    for email in coordinators.values_list("email", flat=True):
        send_mail(
            request,
            "network/email/signup_waiting",
            email,
            {"user": user, "queue_url": queue_url},
        )


def send_mail(request, template_prefix, email, context):
    """Through allauth's adapter, so that all account mail shares one rendering and sender."""
    get_adapter(request).send_mail(template_prefix, email, context)
