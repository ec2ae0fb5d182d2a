"""Complaints' public endpoints under the security probe's defects: the classifier's CPU,
retried filings, NUL characters."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from thongthin.core.models import Case
from thongthin.core.testing import make_locality

from .conftest import LAT, LON

URL = "/api/v1/complaints"


@pytest.mark.django_db
def test_classify_caps_the_text_before_any_work(client, locality):
    response = client.post(
        f"{URL}/classify",
        {"locality": locality.slug, "text": "ถนน" * 100_000},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "detail"}


@pytest.mark.django_db
def test_classify_and_nearby_are_rate_limited_per_address(client, settings, locality):
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_COMPUTE_RATE": "3/60"}
    body = {"locality": locality.slug, "text": "ถนนเป็นหลุม"}
    codes = [
        client.post(f"{URL}/classify", body, content_type="application/json").status_code
        for _ in range(4)
    ]
    assert codes[:3] == [200] * 3 and codes[3] == 429
    nearby = f"{URL}/nearby?locality={locality.slug}&lat={LAT}&lon={LON}"
    assert [client.get(nearby).status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.django_db(transaction=True)
def test_a_filing_retried_at_once_with_one_key_files_one_complaint():
    """Eight clients send the same filing with the same Idempotency-Key at the same moment
    (a phone retrying over a bad connection): one complaint, eight identical answers."""
    locality = make_locality("retry")
    body = json.dumps(
        {
            "locality": locality.slug,
            "description": "ถนนเป็นหลุมใหญ่หน้าตลาด",
            "category": "road",
            "lat": LAT,
            "lon": LON,
            "phone": "0812345678",
        }
    )
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            response = Client().post(
                URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="phone-42"
            )
            answers.append((response.status_code, response.content.decode()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {status for status, _ in answers} == {201}
    assert len({json.loads(text)["number"] for _, text in answers}) == 1
    assert Case.objects.for_locality(locality).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_retried_filing_with_a_photo_keeps_one_photo(client, locality, monkeypatch):
    # With an Idempotency-Key the filing runs inside the key's transaction: the photo is still
    # cleaned before it (not under SQLite's write lock), and the retry answered from the
    # stored response leaves no second file.
    import base64
    from pathlib import Path

    from django.core.files.storage import default_storage

    from thongthin.core.models import Attachment
    from thongthin.core.services import attachments
    from thongthin.core.testing import jpeg

    seen = []
    real = attachments.clean_upload

    def watched(data):
        seen.append(connection.in_atomic_block)
        return real(data)

    monkeypatch.setattr(attachments, "clean_upload", watched)

    def files() -> set[Path]:
        return {p for p in Path(default_storage.location).rglob("*") if p.is_file()}

    body = json.dumps({
        "locality": locality.slug, "description": "ถนนเป็นหลุมใหญ่", "category": "road",
        "lat": LAT, "lon": LON, "photos_base64": [base64.b64encode(jpeg()).decode()],
    })  # fmt: skip
    sent = [
        client.post(URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-7f3a9c")
        for _ in range(2)
    ]
    assert [r.status_code for r in sent] == [201, 201]
    assert sent[0].json()["number"] == sent[1].json()["number"]
    assert seen == [False, False]
    assert Attachment.objects.for_locality(locality).count() == 1
    kept = Attachment.objects.for_locality(locality).get()
    names = {Path(default_storage.path(n)) for n in (kept.file.name, kept.thumbnail.name)}
    assert {p for p in files() if "attachments" in p.parts} == names
