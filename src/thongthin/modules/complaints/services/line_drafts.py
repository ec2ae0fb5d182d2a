"""A complaint being put together in a LINE chat: photo, location and text in any order, then
filed (or following a nearby case) on the citizen's word. The conversation itself (what to ask,
what to answer) is in ``line.py``; every write it needs is here."""

from __future__ import annotations

from django.db import transaction

from thongthin.core.models import Attachment, Citizen, Locality
from thongthin.core.models.cases import Channel
from thongthin.core.services.attachments import attachment_store

from ..models import Complaint, Follower, LineDraft
from ._common import PHOTOS_MAX, TEXT_MAX
from .filing import complaint_create, complaint_me_too


def draft_get(*, locality: Locality, citizen: Citizen) -> LineDraft:
    draft, _created = LineDraft.objects.for_locality(locality).get_or_create(
        citizen=citizen, defaults={"locality": locality}
    )
    return draft


def draft_update(
    *,
    draft: LineDraft,
    text: str = "",
    skip_photo: bool = False,
    location: tuple[float, float, str] | None = None,
    photo: bytes | None = None,
) -> LineDraft:
    """Add what the citizen just sent; the draft waits for their confirmation again. A photo is
    checked and kept (EXIF removed) before its case exists; more than PHOTOS_MAX are ignored."""
    with transaction.atomic():
        if text:
            draft.text = (draft.text + "\n" + text).strip()[:TEXT_MAX]
        if skip_photo:
            draft.skip_photo = True
        if location is not None:
            draft.lat, draft.lon, address = location
            draft.address = address[:300]
        if photo is not None and len(draft.photo_ids) < PHOTOS_MAX:
            stored = attachment_store(locality=draft.locality, data=photo, original_name="line.jpg")
            draft.photo_ids = [*draft.photo_ids, stored.pk]
        draft.awaiting_confirm = False
        draft.save()
    return draft


def draft_ready(*, draft: LineDraft) -> LineDraft:
    """Everything is there: the citizen is shown the summary and asked to confirm."""
    draft.awaiting_confirm = True
    draft.save(update_fields=["awaiting_confirm", "updated_at"])
    return draft


def _drop(draft: LineDraft, *, keep_photos: bool) -> None:
    if not keep_photos:
        Attachment.objects.for_locality(draft.locality_id).filter(
            pk__in=draft.photo_ids, case=None
        ).delete()
    draft.delete()


def draft_discard(*, draft: LineDraft) -> None:
    """The citizen cancelled: the draft and the photos it kept go."""
    with transaction.atomic():
        _drop(draft, keep_photos=False)


def draft_file(*, draft: LineDraft, citizen: Citizen) -> Complaint:
    """File the draft as a complaint (its photos move to the case) and forget the draft."""
    locality = draft.locality
    photos = list(
        Attachment.objects.for_locality(locality).filter(pk__in=draft.photo_ids, case=None)
    )
    with transaction.atomic():
        complaint = complaint_create(
            locality=locality,
            description=draft.text,
            channel=Channel.LINE,
            lat=draft.lat,
            lon=draft.lon,
            address=draft.address,
            reporter=citizen,
            photo_attachments=photos,
            actor_label="line",
        )
        _drop(draft, keep_photos=True)
    return complaint


def draft_follow(*, draft: LineDraft, complaint: Complaint, citizen: Citizen) -> Follower | None:
    """ "Same problem": the citizen follows the existing case instead of filing a copy."""
    with transaction.atomic():
        follower = complaint_me_too(complaint=complaint, reporter=citizen)
        _drop(draft, keep_photos=False)
    return follower
