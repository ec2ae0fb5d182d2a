"""The reporter's rating of a finished case, for any kind of case: 1-5 stars and a comment, once,
as a public ``rating`` entry on its timeline (``data``: stars, comment). Satisfaction figures of
every module read these entries."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..errors import Conflict, ValidationFailed
from ..models import Case, CaseEvent
from ..workflow import closed_statuses
from .audit import AuditAction, audit_record
from .case_events import event_record

COMMENT_MAX = 1000


def case_rate(*, case: Case, stars: object, comment: str = "", ip: str | None = None) -> CaseEvent:
    """Rate a closed case (its workflow's closed states) from 1 to 5 stars, once."""
    if isinstance(stars, str) and stars.strip() in {"1", "2", "3", "4", "5"}:
        stars = int(stars)
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        raise ValidationFailed(
            _("Give 1 to 5 stars."), code="rating_invalid", detail={"field": "stars"}
        )
    comment = " ".join(str(comment or "").split())[:COMMENT_MAX]
    with transaction.atomic():
        locked = Case.objects.for_locality(case.locality_id).select_for_update().get(pk=case.pk)
        if locked.status not in closed_statuses():
            raise Conflict(_("Only a finished case can be rated."), code="rating_not_closed")
        if locked.events.filter(kind="rating").exists():
            raise Conflict(_("This case has already been rated."), code="rating_already_given")
        event = event_record(
            locked,
            kind="rating",
            actor_label="reporter",
            public=True,
            message=f"{'★' * stars}{'☆' * (5 - stars)} {comment}".strip(),
            data={"stars": stars, "comment": comment},
        )
        audit_record(
            action=AuditAction.CASE_RATED,
            locality=locked.locality,
            actor_label="reporter",
            obj=locked,
            ip=ip,
            detail={"stars": stars},
        )
    return event


def case_rating(case: Case) -> int | None:
    """The stars a case was given, or None."""
    event = case.events.filter(kind="rating").order_by("id").first()
    return int(event.data.get("stars", 0)) or None if event else None


def ratings_summary(*, locality: object, cases: QuerySet[Case]) -> dict:
    """How ``cases`` were rated: how many, the average stars, the average as a percentage (the
    way Thai satisfaction surveys report a 5-point scale: mean x 20), and how many gave each
    number of stars."""
    stars = [
        int(data.get("stars", 0))
        for data in CaseEvent.objects.for_locality(locality)
        .filter(kind="rating", case__in=cases)
        .values_list("data", flat=True)
        if isinstance(data, dict)
    ]
    stars = [s for s in stars if 1 <= s <= 5]
    return {
        "n": len(stars),
        "average": round(sum(stars) / len(stars), 2) if stars else None,
        "percent": round(sum(stars) / len(stars) * 20, 1) if stars else None,
        "by_stars": {n: stars.count(n) for n in range(5, 0, -1)},
    }
