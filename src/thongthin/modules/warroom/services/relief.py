"""Relief: stock per store, distributions with confirmation and photo, the DDPM register."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import Conflict, NotFound, ValidationFailed
from thongthin.core.models import User
from thongthin.core.services.accounts import national_id_protect
from thongthin.core.services.attachments import attachment_store

from ..models import (
    AffectedHousehold,
    Household,
    Stock,
    StockMove,
    Store,
)
from ..module import ACT, PEOPLE, WATCH
from ._common import changed, require

# Who goes first when an area is warned: the sum of these per household.


def stock_receive(
    *, store: Store, actor: User, item: str, quantity: int, unit: str = "ชิ้น"
) -> Stock:
    require(actor, store.locality, ACT)
    item = (item or "").strip()[:100]
    if not item or quantity <= 0:
        raise ValidationFailed(_("Name the item and a positive quantity."), code="quantity_invalid")
    with transaction.atomic():
        stock, _created = Stock.objects.for_locality(store.locality_id).get_or_create(
            locality=store.locality, store=store, item=item, defaults={"unit": unit[:30]}
        )
        Stock.objects.for_locality(store.locality_id).filter(pk=stock.pk).update(
            quantity=F("quantity") + quantity
        )
        StockMove.objects.create(
            locality=store.locality,
            store=store,
            item=item,
            quantity=quantity,
            kind="receive",
            by=actor,
        )
    stock.refresh_from_db()
    return stock


def distribute(
    *,
    store: Store,
    actor: User,
    household: Household,
    item: str,
    quantity: int,
    recipient_name: str,
    confirmed: bool,
    photo: bytes | None = None,
) -> StockMove:
    """Give supplies to a registered household: the recipient confirms, a photo records it,
    and stock can never go below zero."""
    locality = store.locality
    require(actor, locality, WATCH)
    if household.locality_id != locality.pk:
        raise NotFound()
    if quantity <= 0:
        raise ValidationFailed(_("The quantity must be positive."), code="quantity_invalid")
    if not confirmed or not (recipient_name or "").strip():
        raise ValidationFailed(
            _("The recipient must confirm receipt (name and confirmation)."),
            code="confirmation_required",
        )
    if not photo:
        raise ValidationFailed(_("Take a photo of the hand-over."), code="photo_required")
    with transaction.atomic():
        taken = (
            Stock.objects.for_locality(locality)
            .filter(store=store, item=item, quantity__gte=quantity)
            .update(quantity=F("quantity") - quantity)
        )
        if not taken:
            raise Conflict(_("Not enough in stock."), code="insufficient_stock")
        attachment = attachment_store(
            locality=locality, data=photo, original_name="handover.jpg", actor=actor, public=False
        )
        move = StockMove.objects.create(
            locality=locality,
            store=store,
            item=item,
            quantity=-quantity,
            kind="distribute",
            household=household,
            recipient_name=recipient_name.strip()[:200],
            confirmed=True,
            photo=attachment,
            by=actor,
        )
        changed(locality, "relief", store=store.pk)
    return move


def affected_register(
    *,
    household: Household,
    actor: User,
    event: str,
    flooded_from: date,
    eligibility: int,
    applicant_name: str,
    flooded_to: date | None = None,
    damage: str = "",
    national_id: str = "",
    residence_proof: str = "",
    bank: str = "",
    bank_account: str = "",
) -> AffectedHousehold:
    locality = household.locality
    require(actor, locality, PEOPLE)
    if eligibility not in (1, 2, 3, 4):
        raise ValidationFailed(_("Eligibility is criterion 1-4."), code="eligibility_invalid")
    if flooded_to is not None and flooded_to < flooded_from:
        raise ValidationFailed(_("The flood cannot end before it starts."), code="dates_invalid")
    masked, digest = national_id_protect(national_id)
    digits = "".join(c for c in bank_account if c.isdigit())
    try:
        with transaction.atomic():
            return AffectedHousehold.objects.create(
                locality=locality,
                household=household,
                event=event.strip()[:200],
                flooded_from=flooded_from,
                flooded_to=flooded_to,
                eligibility=eligibility,
                damage=damage,
                applicant_name=applicant_name.strip()[:200],
                applicant_id_masked=masked,
                applicant_id_hash=digest,
                residence_proof=residence_proof[:30],
                bank=bank[:60],
                bank_account_masked=f"xxx-x-x{digits[-4:]}" if digits else "",
            )
    except IntegrityError:
        raise Conflict(
            _("This household is already registered for this event."),
            code="already_registered",
        ) from None
