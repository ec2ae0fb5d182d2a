"""What the case engine calls for complaints: the transition guard and the after-hook."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thongthin.core.i18n import Message
from thongthin.core.models import Attachment, Case
from thongthin.core.services.cases import status_message, tracking_url
from thongthin.core.services.notifications import notify_citizen
from thongthin.core.workflow import get_case_kind

from ..models import Complaint
from ._common import REOPEN_DAYS, _module_call, _refuse
from .mapcounts import _map_count

# -- hooks the case engine calls ----------------------------------------------------------------


def guard_transition(case: Case, action: str, reason: str) -> None:
    if action in ("forward", "merge") and not _module_call.get():
        raise _refuse("use_module_form", _("Use the complaint's forward or merge form."))
    if action == "resolve" and not (reason or "").strip():
        has_after_photo = Attachment.objects.for_locality(case.locality_id).filter(
            case=case, uploaded_by__isnull=False, content_type__startswith="image/"
        )
        if not has_after_photo.exists():
            raise _refuse(
                "resolve_needs_evidence",
                _("Resolving needs an after-photo or a written reason."),
            )


def on_transition(case: Case, from_status: str, action: str, reason: str) -> None:
    complaint = (
        Complaint.objects.for_locality(case.locality_id)
        .select_related("category")
        .filter(case=case)
        .first()
    )
    if complaint is None:
        return
    _map_count(complaint, case, from_status, -1)
    _map_count(complaint, case, case.status, +1)
    state = case.status
    link = tracking_url(case)
    text = status_message(case, get_case_kind(case.kind).workflow.state(state).label, reason)
    for follower in complaint.followers.select_related("citizen"):
        notify_citizen(
            locality=case.locality,
            citizen=follower.citizen,
            text=text,
            dedupe_key=f"case:{case.pk}:{action}:{timezone.now().timestamp()}:{follower.pk}",
        )
    if state == "resolved":
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text=Message(
                _(
                    "Please rate how %(number)s was handled (1-5 stars), or reopen it within "
                    "%(days)s days if it is not fixed: %(link)s"
                ),
                number=case.number,
                days=REOPEN_DAYS,
                link=link,
            ),
            dedupe_key=f"case:{case.pk}:rate:{timezone.now().timestamp()}",
            quick_replies=[
                {"label": "★" * n, "data": f"rate:{case.pk}:{n}", "text": "★" * n}
                for n in range(5, 0, -1)
            ],
        )
