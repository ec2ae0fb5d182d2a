"""Audit of staff log-ins; wired in CoreConfig.ready()."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .services.audit import AuditAction, audit_record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(
        action=AuditAction.LOGIN,
        locality=user.locality,
        actor=user,
        obj=user,
        ip=request.META.get("REMOTE_ADDR") if request else None,
    )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor_label=str(credentials.get("username", ""))[:150],
        ip=request.META.get("REMOTE_ADDR") if request else None,
    )
