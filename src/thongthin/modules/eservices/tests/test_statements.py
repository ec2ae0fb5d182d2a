"""Reconciling the bank's statement (the Bank of Thailand's bill payment file and a CSV):
matched lines issue receipts, paid-twice lines are listed for refund, unmatched lines are
listed, a second import changes nothing, a bad file changes nothing; the slip attached by hand;
the application's payment in the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thongthin.core.errors import Conflict, UploadRejected, ValidationFailed
from thongthin.core.testing import PASSWORD, jpeg, make_locality, make_staff

from ..models import Payment, PaymentAccount, StatementLine
from ..services import application_charge, payment_record
from ..services.statements import statement_import, statement_parse, statement_refund
from ..thaiqr import parse
from .test_payments import _approved

pytestmark = pytest.mark.django_db


def _due(locality, officer, fee="200"):
    application = _approved(locality, officer, fee=Decimal(fee))
    return application_charge(application=application, actor=officer)


def _ref1(application) -> str:
    return "".join(ch for ch in application.case.number if ch.isdigit())


def _sub(value: str) -> dict[str, str]:
    tags, i = {}, 0
    while i < len(value):
        length = int(value[i + 2 : i + 4])
        tags[value[i : i + 2]] = value[i + 4 : i + 4 + length]
        i += 4 + length
    return tags


def _bot_record(kind: str, fields: dict[tuple[int, int], str]) -> str:
    line = [" "] * 256
    line[0] = kind
    for (start, end), value in fields.items():
        text = value.ljust(end - start)[: end - start]
        line[start:end] = list(text)
    return "".join(line)


def _bot_file(rows: list[tuple[str, str, int]]) -> bytes:
    """A cross-bank bill payment file: header, a D record per (ref1, ref2, satang), trailer."""
    lines = [_bot_record("H", {(1, 7): "000001", (20, 60): "TEST", (60, 68): "03122026"})]
    for seq, (ref1, ref2, satang) in enumerate(rows, start=2):
        lines.append(
            _bot_record(
                "D",
                {
                    (1, 7): f"{seq:06d}",
                    (20, 28): "03122026",
                    (28, 34): "101500",
                    (34, 84): "SOMCHAI JAIDEE",
                    (84, 104): ref1,
                    (104, 124): ref2,
                    (163, 176): f"{satang:013d}",
                },
            )  # fmt: skip
        )
    lines.append(_bot_record("T", {(1, 7): f"{len(rows) + 2:06d}"}))
    return "\r\n".join(lines).encode("tis-620")


def test_the_banks_bill_payment_file_settles_the_fees():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    first, second, third = (_due(locality, officer) for _ in range(3))
    payment_record(application=third, actor=officer, method="cash", amount="200")
    data = _bot_file(
        [
            (_ref1(first), "2570", 20000),  # matched
            (_ref1(second), "2570", 15000),  # the wrong amount: unmatched, nothing paid
            (_ref1(third), "2570", 20000),  # paid at the counter already: to refund
            ("9999999999", "2570", 20000),  # nobody's
        ]
    )
    lines = statement_parse(data)
    assert [line.amount for line in lines] == [Decimal("200.00"), Decimal("150.00")] + [
        Decimal("200.00")
    ] * 2
    assert lines[0].payer == "SOMCHAI JAIDEE" and lines[0].paid_at.hour == 10
    counts = statement_import(locality=locality, actor=officer, data=data, file_name="bill.txt")
    assert counts == {"matched": 1, "duplicate": 1, "unmatched": 2, "seen": 0}
    first.case.refresh_from_db()
    second.case.refresh_from_db()
    assert first.case.status == "paid" and second.case.status == "fee_due"
    payment = Payment.objects.for_locality(locality).get(application=first)
    assert payment.method == "qr" and payment.payer == "SOMCHAI JAIDEE"
    # The same file again: every line already seen, nothing paid twice.
    again = statement_import(locality=locality, actor=officer, data=data)
    assert again == {"matched": 0, "duplicate": 0, "unmatched": 0, "seen": 4}
    assert Payment.objects.for_locality(locality).count() == 2
    duplicate = StatementLine.objects.for_locality(locality).get(status="duplicate")
    with pytest.raises(ValidationFailed):
        statement_refund(line=duplicate, actor=officer, note="")
    statement_refund(line=duplicate, actor=officer, note="โอนคืน 4 ธ.ค. 2569")
    with pytest.raises(Conflict):
        statement_refund(line=duplicate, actor=officer, note="again")


def test_a_csv_statement_and_the_qr_references_agree():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    PaymentAccount.objects.create(locality=locality, name="บัญชี", biller_id="099400016550100")
    application = _due(locality, officer, fee="50.25")
    from ..services import payment_qr

    qr = payment_qr(application)
    assert _sub(parse(qr["payload"])["30"])["02"] == _ref1(application)  # what the bank reports
    csv = (
        "\ufeffdate,time,amount,ref1,ref2,payer,bank_ref\n"
        f"3/12/2569,10:15,50.25,{qr['ref1']},{qr['ref2']},นายสมชาย,TX123\n"
    ).encode()
    assert statement_import(locality=locality, actor=officer, data=csv)["matched"] == 1
    payment = Payment.objects.for_locality(locality).get(application=application)
    assert payment.reference == "TX123" and payment.amount == Decimal("50.25")


@pytest.mark.parametrize(
    "tail",
    [
        None,  # an empty file
        "1/12/2569,abc,2569000001",  # an amount that is not a number
        "31/02/2569,100,2569000001",  # no such day
        "1/12/2569,-5,2569000001",  # a negative amount
        "1/12/2569,NaN,2569000001",
        "x" * (2 * 1024 * 1024),  # too large
    ],
)
def test_a_bad_line_refuses_the_whole_file_and_changes_nothing(tail):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = _due(locality, officer)
    # The first line would match: the bad one after it stops the whole file.
    data = f"date,amount,ref1\n1/12/2569,200,{_ref1(application)}\n{tail}\n" if tail else ""
    with pytest.raises(ValidationFailed):
        statement_import(locality=locality, actor=officer, data=data.encode())
    with pytest.raises(ValidationFailed):  # no amount or ref1 column
        statement_import(locality=locality, actor=officer, data=b"name,value\nx,1\n")
    assert not StatementLine.objects.for_locality(locality).exists()
    assert not Payment.objects.for_locality(locality).exists()


def test_the_statements_page_imports_and_lists_what_needs_action(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = _due(locality, officer)
    client.login(username=officer.username, password=PASSWORD)
    csv = f"amount,ref1\n200,{_ref1(application)}\n999,1234567890\n".encode()
    sent = client.post(
        "/staff/eservices/statements/",
        {"statement": SimpleUploadedFile("s.csv", csv, content_type="text/csv")},
    )
    assert sent.status_code == 302
    page = client.get("/staff/eservices/statements/").content.decode()
    assert page.count('data-testid="statement-line"') == 1 and "1234567890" in page
    bad = client.post(
        "/staff/eservices/statements/",
        {"statement": SimpleUploadedFile("s.csv", b"nothing", content_type="text/csv")},
    )
    assert bad.status_code == 422
    # Another locality's officer sees none of it; a citizen cannot reach the page.
    other = make_staff(make_locality(slug="other"), "officer", "engineering")
    client.login(username=other.username, password=PASSWORD)
    assert "1234567890" not in client.get("/staff/eservices/statements/").content.decode()
    assert Client().get("/staff/eservices/statements/").status_code == 302


def test_a_transfer_slip_attached_by_hand_stays_with_the_staff():
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    application = _due(locality, officer)
    payment_record(
        application=application, actor=officer, method="transfer", amount="200",
        reference="slip 0012", slip=jpeg((10, 200, 10)),
    )  # fmt: skip
    attachment = application.case.attachments.get(original_name__startswith="slip-")
    assert attachment.public is False
    other = _due(locality, officer)
    with pytest.raises(UploadRejected):  # not an image or a PDF: refused, nothing paid
        payment_record(
            application=other, actor=officer, method="transfer", amount="200", slip=b"MZ\x90"
        )
    assert not Payment.objects.for_locality(locality).filter(application=other).exists()


def test_the_payment_in_the_api_for_a_kiosk(client):
    locality = make_locality()
    officer = make_staff(locality, "officer", "engineering")
    PaymentAccount.objects.create(locality=locality, name="บัญชี", biller_id="099400016550100")
    application = _due(locality, officer)
    code = application.case.tracking_code
    out = client.get(f"/api/v1/eservices/track/{code}/payment?locality={locality.slug}").json()
    assert out["due"] is True and out["fee"] == "200.00" and out["ref1"] == _ref1(application)
    assert parse(out["payload"])["54"] == "200.00"
    assert out["qr_png"].startswith("data:image/png;base64,") and "<svg" in out["qr_svg"]
    wrong = client.get(f"/api/v1/eservices/track/NOPE/payment?locality={locality.slug}")
    assert wrong.status_code == 404 and wrong.json()["code"] == "not_found"
    number = application.case.number
    assert client.get(f"/api/v1/eservices/applications/{number}/payment").status_code in (401, 403)
    client.login(username=officer.username, password=PASSWORD)
    staff = client.get(f"/api/v1/eservices/applications/{number}/payment")
    assert staff.status_code == 200 and staff.json()["payload"] == out["payload"]
    payment_record(application=application, actor=officer, method="cash", amount="200")
    paid = client.get(f"/api/v1/eservices/applications/{number}/payment").json()
    assert paid["due"] is False and paid["payload"] is None
    assert paid["receipts"][0]["pdf_url"].endswith(".pdf")
    other = make_staff(make_locality(slug="other"), "officer", "engineering")
    client.login(username=other.username, password=PASSWORD)
    assert client.get(f"/api/v1/eservices/applications/{number}/payment").status_code == 404
