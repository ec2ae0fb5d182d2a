"""Who may do what in the war room, and its change log."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from thongthin.core.access import has_capability, require_capability
from thongthin.core.models import Locality

from ..models import WarChange

# The core's capability checks, under the names the war-room services use.
allowed = has_capability
require = require_capability


def changed(locality: Locality, kind: str, **data) -> None:
    WarChange.objects.create(locality=locality, kind=kind, data=data)


def changes_prune(*, keep_hours: float = 48) -> int:
    """Drop change-log rows older than ``keep_hours`` (the worker runs this hourly): the log only
    tells live screens that something moved; the newest id, their version, is never removed."""
    cutoff = timezone.now() - timedelta(hours=keep_hours)
    newest = WarChange.objects.unscoped().values("locality").annotate(m=Max("id")).values("m")
    deleted, _ = WarChange.objects.unscoped().filter(at__lt=cutoff).exclude(id__in=newest).delete()
    return deleted
