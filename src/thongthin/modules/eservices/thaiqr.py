"""Thai QR Payment payloads (EMVCo merchant-presented, as Thai banks read them), for fees:

- **Bill Payment** (tag 30) where the locality has a biller ID from its bank: the payment comes
  back in the bank's biller report with Ref1/Ref2, so it matches the application;
- **PromptPay** credit transfer (tag 29) to a mobile number or a tax/national ID otherwise:
  the payment can then be matched only from the payer's slip.

Layout and tags: ../shared/domain/eservices.md, section 3. No maintained Python package
builds tag 30 (the PromptPay packages do tag 29 only), so both are built here from the tags;
the CRC is the standard library's CRC-16/CCITT-FALSE (``binascii.crc_hqx``, init 0xFFFF).
"""

from __future__ import annotations

import binascii
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from thongthin.core.errors import ValidationFailed

BILL_PAYMENT_AID = "A000000677010112"
PROMPTPAY_AID = "A000000677010111"
THB = "764"
REF = re.compile(r"^[0-9A-Z]{1,20}$")
AMOUNT_MAX = Decimal("9999999999.99")


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"tag {tag} value too long")
    return f"{tag}{len(value):02d}{value}"


def crc16(text: str) -> str:
    """The four upper-case hex digits of tag 63, over everything before them (``6304``
    included)."""
    return f"{binascii.crc_hqx(text.encode('ascii'), 0xFFFF):04X}"


def _amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not (Decimal("0.01") <= value <= AMOUNT_MAX):
        raise ValidationFailed(_("The amount is not one a Thai QR can carry."), code="qr_amount")
    return _tlv("54", f"{value:.2f}")


def _finish(*parts: str) -> str:
    body = "".join(parts) + "6304"
    return body + crc16(body)


def bill_payment(
    *, biller_id: str, ref1: str, ref2: str = "", amount: Decimal | None = None
) -> str:
    """A one-time (dynamic, with an amount) or reusable (static) Bill Payment payload.
    ``biller_id``: the 13-digit tax ID of the locality and a 2-digit suffix from its bank."""
    if not re.fullmatch(r"\d{15}", biller_id or ""):
        raise ValidationFailed(
            _("The biller ID is 15 digits (the tax ID and a 2-digit suffix)."), code="biller_id"
        )
    for name, ref in (("ref1", ref1), ("ref2", ref2)):
        if (name == "ref1" or ref) and not REF.fullmatch(ref or ""):
            raise ValidationFailed(
                _("A payment reference is 1 to 20 digits or capital letters."), code="qr_ref"
            )
    merchant = _tlv("00", BILL_PAYMENT_AID) + _tlv("01", biller_id) + _tlv("02", ref1)
    if ref2:
        merchant += _tlv("03", ref2)
    return _finish(
        _tlv("00", "01"),
        _tlv("01", "12" if amount is not None else "11"),
        _tlv("30", merchant),
        _tlv("53", THB),
        _amount(amount),
        _tlv("58", "TH"),
    )


def promptpay(*, target: str, amount: Decimal | None = None) -> str:
    """A PromptPay transfer to a Thai mobile number (0812345678) or a 13-digit tax/national
    ID."""
    digits = re.sub(r"\D", "", target or "")
    if len(digits) == 10 and digits.startswith("0"):
        account = _tlv("01", "0066" + digits[1:])
    elif len(digits) == 13:
        account = _tlv("02", digits)
    else:
        raise ValidationFailed(
            _("PromptPay needs a mobile number or a 13-digit tax ID."), code="promptpay_target"
        )
    return _finish(
        _tlv("00", "01"),
        _tlv("01", "12" if amount is not None else "11"),
        _tlv("29", _tlv("00", PROMPTPAY_AID) + account),
        _tlv("53", THB),
        _amount(amount),
        _tlv("58", "TH"),
    )


def parse(payload: str) -> dict[str, str]:
    """Top-level tags of a payload after checking its CRC (what a bank app does first)."""
    if len(payload) < 8 or crc16(payload[:-4]) != payload[-4:]:
        raise ValidationFailed(_("The QR payload's checksum is wrong."), code="qr_crc")
    tags, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if not length.isdigit():
            raise ValidationFailed(_("The QR payload is malformed."), code="qr_malformed")
        tags[tag] = payload[i + 4 : i + 4 + int(length)]
        i += 4 + int(length)
    return tags


def svg(payload: str) -> str:
    """The code as an SVG image (segno), for a page, a kiosk or the API."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        out, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title="Thai QR"
    )
    return out.getvalue().decode()
