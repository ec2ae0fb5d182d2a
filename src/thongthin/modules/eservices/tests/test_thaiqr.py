"""Thai QR payloads: the published example reproduced byte for byte, the CRC that bank apps
check, and bad inputs refused."""

from decimal import Decimal

import pytest

from thongthin.core.errors import ValidationFailed

from ..thaiqr import bill_payment, crc16, parse, promptpay, svg

# ../shared/domain/eservices.md, section 3 (a made-up biller ID).
EXAMPLE = "00020101021230670016A0000006770101120115099400016550100021067010001230310256800004553037645406500.005802TH63045572"


def test_the_crc_is_crc16_ccitt_false():
    assert crc16("123456789") == "29B1"


def test_the_published_bill_payment_example_is_reproduced():
    built = bill_payment(
        biller_id="099400016550100", ref1="6701000123", ref2="2568000045", amount=Decimal("500")
    )
    assert built == EXAMPLE
    tags = parse(built)
    assert tags["01"] == "12" and tags["54"] == "500.00" and tags["58"] == "TH"


def test_promptpay_to_a_phone_and_a_tax_id():
    to_phone = parse(promptpay(target="081-234-5678", amount=Decimal("30.5")))
    assert "01130066812345678" in to_phone["29"] and to_phone["54"] == "30.50"
    static = parse(promptpay(target="0994000165501"))
    assert "02130994000165501" in static["29"] and static["01"] == "11" and "54" not in static


def test_a_changed_payload_fails_its_checksum():
    tampered = EXAMPLE.replace("500.00", "900.00")
    with pytest.raises(ValidationFailed):
        parse(tampered)


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"biller_id": "12345", "ref1": "A1"}, "biller_id"),
        ({"biller_id": "099400016550100", "ref1": ""}, "qr_ref"),
        ({"biller_id": "099400016550100", "ref1": "ก-1"}, "qr_ref"),
        ({"biller_id": "099400016550100", "ref1": "A" * 21}, "qr_ref"),
        ({"biller_id": "099400016550100", "ref1": "A1", "amount": Decimal("0")}, "qr_amount"),
        ({"biller_id": "099400016550100", "ref1": "A1", "amount": Decimal("1e11")}, "qr_amount"),
    ],
)
def test_bad_bill_payment_inputs_are_refused(kwargs, code):
    with pytest.raises(ValidationFailed) as refused:
        bill_payment(**kwargs)
    assert refused.value.code == code


def test_the_code_draws_as_an_svg():
    image = svg(EXAMPLE)
    assert image.startswith("<svg") and "<title>Thai QR</title>" in image


def test_a_payload_with_a_bad_length_is_refused_not_a_crash():
    body = "00AB01" + "6304"
    with pytest.raises(ValidationFailed) as refused:
        parse(body + crc16(body))
    assert refused.value.code == "qr_malformed"
