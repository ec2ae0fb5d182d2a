"""What the case engine calls for complaints: the transition guard and the after-hook."""

from __future__ import annotations

from django.utils import timezone

from thongthin.core.models import Attachment, Case
from thongthin.core.services.cases import (
    tracking_url,
)
from thongthin.core.services.notifications import notify_citizen

from ..models import Complaint
from ._common import REOPEN_DAYS, _module_call, _refuse
from .mapcounts import _map_count

# -- hooks the case engine calls ----------------------------------------------------------------


def guard_transition(case: Case, action: str, reason: str) -> None:
    if action in ("forward", "merge") and not _module_call.get():
        raise _refuse(
            "use_module_form",
            "Use the complaint's forward or merge form.",
            "ใช้แบบฟอร์มส่งต่อหรือรวมเรื่องของเรื่องร้องทุกข์",
        )
    if action == "resolve" and not (reason or "").strip():
        has_after_photo = Attachment.objects.for_locality(case.locality_id).filter(
            case=case, uploaded_by__isnull=False, content_type__startswith="image/"
        )
        if not has_after_photo.exists():
            raise _refuse(
                "resolve_needs_evidence",
                "Resolving needs an after-photo or a written reason.",
                "การปิดเรื่องต้องมีรูปหลังดำเนินการหรือเหตุผลเป็นลายลักษณ์อักษร",
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
    text_th = f"เรื่อง {case.number}: {_label(case, 'th')}" + (f" ({reason})" if reason else "")
    text_en = f"Case {case.number}: {_label(case, 'en')}" + (f" ({reason})" if reason else "")
    for follower in complaint.followers.select_related("citizen"):
        notify_citizen(
            locality=case.locality,
            citizen=follower.citizen,
            text_th=text_th,
            text_en=text_en,
            dedupe_key=f"case:{case.pk}:{action}:{timezone.now().timestamp()}:{follower.pk}",
        )
    if state == "resolved":
        notify_citizen(
            locality=case.locality,
            citizen=case.reporter,
            text_th=f"ช่วยให้คะแนนการแก้ไขเรื่อง {case.number} (1-5 ดาว) หรือเปิดเรื่องอีกครั้งภายใน "
            f"{REOPEN_DAYS} วัน หากยังไม่ได้รับการแก้ไข: {link}",
            text_en=f"Please rate how {case.number} was handled (1-5 stars), or reopen it within "
            f"{REOPEN_DAYS} days if it is not fixed: {link}",
            dedupe_key=f"case:{case.pk}:rate:{timezone.now().timestamp()}",
            quick_replies=[
                {"label": "★" * n, "data": f"rate:{case.pk}:{n}", "text": "★" * n}
                for n in range(5, 0, -1)
            ],
        )


def _label(case: Case, language: str) -> str:
    from thongthin.core.workflow import get_case_kind

    state = get_case_kind(case.kind).workflow.state(case.status)
    return state.label_en if language == "en" else state.label_th
