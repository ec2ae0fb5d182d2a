"""Audit of staff log-ins and their locks; wired in CoreConfig.ready()."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .http import client_ip
from .services.audit import AuditAction, audit_record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(
        action=AuditAction.LOGIN,
        locality=user.locality,
        actor=user,
        obj=user,
        ip=client_ip(request) if request else None,
    )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor_label=str(credentials.get("username", ""))[:150],
        ip=client_ip(request) if request else None,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(
        action=AuditAction.LOGIN_LOCKED,
        actor_label=str(username or "")[:150],
        ip=ip_address,
    )
