"""Seed the e-services bench database and time, in one process (run by bench/eservices.py;
prints JSON on its last line):

- application submission through the service layer (answers checked against the form, the
  case and its number, the application, one scanned document for a third of them), each in its
  own transaction, against the floor of the same run: a raw one-row INSERT per transaction;
- a receipt PDF and an issued licence PDF (WeasyPrint, Thai font, QR code): the first one
  (fonts loaded) and 40 more each, p50/p95.

It leaves a locality ``benchsvc`` with an officer (bench-officer / the test password) and the
counter queue for the display-latency part that runs through the server.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")

GOOD = {
    "full_name": "นายสมชาย ใจดี", "national_id": "1101700203450", "phone": "0812345678",
    "address": "12 ม.3 ต.ท่าวัง", "declaration": "1", "site": "8.4304, 99.9631",
    "floors": "2", "work": "ก่อสร้าง",
}  # fmt: skip


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 2)


def timed(samples: list[float]) -> dict:
    return {"n": len(samples), "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": pct(samples, 0.95), "max_ms": round(max(samples), 1)}  # fmt: skip


def _scan() -> bytes:
    """A phone photo of a document: 1200 x 1600 with noise, JPEG quality 80 (a few hundred KB)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((1200, 1600), 30).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def _clean_ms(data: bytes) -> dict:
    """What checking and cleaning one scan costs by itself (the upload check strips EXIF)."""
    from thongthin.core.services.attachments import clean_upload

    times = []
    for _ in range(20):
        begun = time.perf_counter()
        clean_upload(data)
        times.append((time.perf_counter() - begun) * 1000)
    return timed(times)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from thongthin.core.models import User
    from thongthin.core.services.accounts import ReporterIn
    from thongthin.core.services.cases import case_transition
    from thongthin.core.testing import make_locality, make_staff
    from thongthin.modules.eservices.models import IssuedDocument, Service
    from thongthin.modules.eservices.services import (
        application_charge,
        application_submit,
        inspection_record,
        inspection_schedule,
        payment_record,
    )
    from thongthin.modules.eservices.views.documents import document_pdf_bytes, receipt_pdf_bytes

    count = int(os.environ.get("BENCH_SUBMISSIONS", "300"))
    call_command("migrate", verbosity=0)
    locality = make_locality("benchsvc", name_th="เทศบาลทดสอบ")
    officer = make_staff(locality, "officer", "engineering")
    User.objects.filter(pk=officer.pk).update(username="bench-officer")
    officer.refresh_from_db()
    service = Service.objects.for_locality(locality).get(code="building-permit")
    Service.objects.for_locality(locality).filter(pk=service.pk).update(fee=200, validity_months=12)
    service.refresh_from_db()
    scan = _scan()

    # The floor: one row, one transaction, the same database and connection.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute("CREATE TABLE bench_floor (id integer PRIMARY KEY, payload text)")
    started = time.perf_counter()
    for i in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_floor (id, payload) VALUES (%s, %s)", [i, "x" * 200])
    floor_seconds = time.perf_counter() - started

    samples: list[float] = []
    plain: list[float] = []
    scanned: list[float] = []
    started = time.perf_counter()
    for i in range(count):
        begun = time.perf_counter()
        application_submit(
            locality=locality, service=service, answers=GOOD,
            files={"documents": scan} if i % 3 == 0 else None,
            reporter=ReporterIn(name="นายสมชาย ใจดี", phone=f"08{i % 10}1234567"),
        )  # fmt: skip
        samples.append((time.perf_counter() - begun) * 1000)
        (scanned if i % 3 == 0 else plain).append(samples[-1])
    submit_seconds = time.perf_counter() - started

    # One application taken to the end: a receipt and a licence to render.
    application = application_submit(locality=locality, service=service, answers=GOOD)
    case = case_transition(case=application.case, action="complete", actor=officer)
    application.refresh_from_db()
    inspection_schedule(
        application=application, actor=officer, when=timezone.now() + timedelta(days=1)
    )
    inspection_record(application=application, actor=officer, result="ตรงตามแบบ")
    case_transition(case=case, action="approve", actor=officer)
    application.refresh_from_db()
    application = application_charge(application=application, actor=officer)
    payment = payment_record(
        application=application, actor=officer, method="cash", amount="200", payer="สมชาย"
    )
    case_transition(case=application.case, action="issue", actor=officer)
    document = IssuedDocument.objects.for_locality(locality).get(application=application)
    pdfs = {}
    for label, render, row in (
        ("receipt", receipt_pdf_bytes, payment),
        ("licence", document_pdf_bytes, document),
    ):
        begun = time.perf_counter()
        first = render(row, locality)
        first_ms = (time.perf_counter() - begun) * 1000
        assert first.startswith(b"%PDF")
        times = []
        for _ in range(40):
            begun = time.perf_counter()
            render(row, locality)
            times.append((time.perf_counter() - begun) * 1000)
        pdfs[label] = {"first_ms": round(first_ms, 1), "bytes": len(first), **timed(times)}

    print(json.dumps({
        "submissions": count,
        "floor_inserts_per_second": round(count / floor_seconds, 1),
        "submissions_per_second": round(count / submit_seconds, 1),
        "submission_ms": timed(samples),
        "submission_without_file_ms": timed(plain),
        "submission_with_scan_ms": timed(scanned),
        "scan_bytes": len(scan),
        "clean_upload_ms": _clean_ms(scan),
        "pdf": pdfs,
    }))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
