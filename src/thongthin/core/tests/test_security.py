"""The defects of the security probe, each held by a test: bad input answers a 4xx, uploads
within budgets, rate limits, headers, encrypted credentials (signing in: test_security_logins)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.db import connection
from PIL import Image

from thongthin.core import http
from thongthin.core.errors import UploadRejected
from thongthin.core.models import AuditEvent, Locality, RateCount
from thongthin.core.services.accounts import credentials_rotate
from thongthin.core.services.apikeys import apikey_create
from thongthin.core.services.attachments import MAX_SIDE, clean_upload
from thongthin.core.services.cases import case_create
from thongthin.core.testing import pdf

pytestmark = pytest.mark.django_db


# --- bad input: a 4xx with the error shape, never a 500 ---------------------------------------


def _case(locality):
    return case_create(locality=locality, kind="general", title="ไฟดับ", channel="phone")


def test_multipart_without_a_boundary_is_a_400_not_a_500(client, officer, locality):
    case = _case(locality)
    client.force_login(officer)
    response = client.post(
        f"/api/v1/cases/{case.number}/notes",
        data=b"--x\r\nContent-Disposition: form-data; name=message\r\n\r\nhi\r\n--x--",
        content_type="multipart/form-data",  # no boundary
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"
    assert case.events.count() == 1


def test_a_json_body_over_the_upload_limit_is_a_413(client, settings, officer, locality):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(officer)
    body = json.dumps({"kind": "general", "title": "x", "description": "ก" * 2000})
    response = client.post("/api/v1/cases", data=body, content_type="application/json")
    assert response.status_code == 413
    assert set(response.json()) == {"code", "message", "detail"}


def test_a_content_length_over_the_request_limit_is_refused_unread(client, settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "MAX_REQUEST_BYTES": 100}
    response = client.post(
        "/api/v1/public/alpha/requests", data="x" * 500, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def test_nul_characters_are_refused_and_nothing_is_stored(client, locality):
    body = {"title": "ไฟดับ\x00", "description": "x", "name": "a", "phone": "0812345678"}
    response = client.post(
        f"/api/v1/public/{locality.slug}/requests",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "null_character"
    assert locality_cases(locality) == 0


def test_the_operations_that_answered_an_unlisted_422_list_it(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/reference/subdistricts", "/api/v1/audit"):
        operation = spec["paths"][path]["get"]
        assert "422" in operation["responses"], path
    districts = spec["paths"]["/api/v1/reference/provinces/{province_id}/districts"]["get"]
    assert "422" in districts["responses"]


def test_every_text_a_caller_sends_has_a_length_cap(client):
    """Held for every operation: a string property of any request body without maxLength
    (enums and formats aside) is a place to send megabytes of text."""
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    uncapped = []
    for name, schema in schemas.items():
        if not name.endswith("In"):
            continue
        for prop, field in schema.get("properties", {}).items():
            options = field.get("anyOf", [field])
            for option in options:
                capped = {"maxLength", "enum", "format"} & set(option)
                if option.get("type") == "string" and not capped:
                    uncapped.append(f"{name}.{prop}")
                if option.get("type") == "array":
                    items = option.get("items", {})
                    if items.get("type") == "string" and "maxLength" not in items:
                        uncapped.append(f"{name}.{prop}[]")
    assert uncapped == []


# --- uploads -------------------------------------------------------------------------------


def test_a_small_png_of_too_many_pixels_is_refused_from_its_header():
    out = io.BytesIO()
    Image.new("1", (6300, 6300)).save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 200_000  # small on the wire, 40 MP to decode
    with pytest.raises(UploadRejected) as refused:
        clean_upload(out.getvalue())
    assert refused.value.code == "upload_too_many_pixels"


def test_a_big_jpeg_is_decoded_at_a_reduced_size_and_accepted():
    out = io.BytesIO()
    Image.new("RGB", (5000, 4000), (10, 120, 200)).save(out, format="JPEG", quality=50)
    clean = clean_upload(out.getvalue())
    with Image.open(io.BytesIO(clean.content)) as image:
        assert max(image.size) <= MAX_SIDE


def test_an_html_page_dressed_as_a_pdf_is_refused():
    fake = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
    with pytest.raises(UploadRejected) as refused:
        clean_upload(fake)
    assert refused.value.code == "upload_damaged"


def test_a_pdf_is_rewritten_by_the_parser():
    from pypdf import PdfReader

    # What is published is the parser's rewrite, not the bytes sent.
    clean = clean_upload(pdf(2))
    assert clean.content_type == "application/pdf"
    rewritten = PdfReader(io.BytesIO(clean.content))
    assert len(rewritten.pages) == 2 and rewritten.metadata.producer == "Thongthin"
    # An HTML page smuggled after a real PDF's end does not parse: refused.
    with pytest.raises(UploadRejected):
        clean_upload(pdf(1) + b"\n<html><script>alert(1)</script></html>\n%%EOF\n")


# --- rate limits, addresses ------------------------------------------------------------------


def test_public_write_limit_is_counted_in_the_database_shared_by_processes(
    client, settings, locality
):
    settings.REDIS_URL = ""
    settings.THONGTHIN = {**settings.THONGTHIN, "PUBLIC_WRITE_RATE": "2/60"}
    body = {"title": "ไฟดับ", "description": "ไฟถนนดับ", "name": "a", "phone": "0812345678"}
    url = f"/api/v1/public/{locality.slug}/requests"
    codes = [client.post(url, body, content_type="application/json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert RateCount.objects.filter(key__contains="public-request").get().count == 3


def test_forwarded_addresses_are_believed_only_from_configured_proxies(rf, settings):
    http._trusted.cache_clear()
    try:
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert http.client_ip(request) == "127.0.0.1"  # no proxy configured: header ignored
        settings.THONGTHIN = {**settings.THONGTHIN, "TRUSTED_PROXIES": ["127.0.0.1"]}
        http._trusted.cache_clear()
        assert http.client_ip(request) == "198.51.100.7"
        # A client behind the proxy cannot claim another address by adding its own header.
        forged = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
        assert http.client_ip(forged) == "198.51.100.7"
    finally:
        http._trusted.cache_clear()


# --- idempotent creates ----------------------------------------------------------------------


def test_a_retried_create_with_the_same_key_answers_the_first_result(client, locality):
    _key, key = apikey_create(locality=locality, name="crm")
    body = json.dumps({"kind": "general", "title": "ไฟดับ", "description": "ซอย 3"})
    headers = {"HTTP_X_API_KEY": key, "HTTP_IDEMPOTENCY_KEY": "retry-1"}
    first = client.post("/api/v1/cases", data=body, content_type="application/json", **headers)
    again = client.post("/api/v1/cases", data=body, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert locality_cases(locality) == 1
    other = json.dumps({"kind": "general", "title": "น้ำท่วม", "description": "ซอย 4"})
    reused = client.post("/api/v1/cases", data=other, content_type="application/json", **headers)
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"
    assert locality_cases(locality) == 1


def locality_cases(locality) -> int:
    from thongthin.core.models import Case

    return Case.objects.for_locality(locality).count()


# --- credentials at rest ---------------------------------------------------------------------


def test_line_credentials_are_encrypted_in_the_row_and_rotate(locality, monkeypatch):
    from cryptography.fernet import Fernet

    from thongthin.core import crypto

    locality.line_channel_secret = "s3cret-of-the-channel"
    locality.line_channel_access_token = "token-of-the-channel"
    locality.save()
    table = Locality._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT line_channel_secret FROM {table} WHERE id = %s", [locality.pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert "s3cret" not in stored and stored.startswith(crypto.PREFIX)
    old = crypto._keys()[0]
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("THONGTHIN_ENCRYPTION_KEY", f"{new},{old}")
    crypto.fernet.cache_clear()
    try:
        assert credentials_rotate() >= 1
        monkeypatch.setenv("THONGTHIN_ENCRYPTION_KEY", new)  # the old key gone
        crypto.fernet.cache_clear()
        assert Locality.objects.get(pk=locality.pk).line_channel_secret == "s3cret-of-the-channel"
        assert AuditEvent.objects.unscoped().filter(action="credentials.rotated").exists()
    finally:
        monkeypatch.delenv("THONGTHIN_ENCRYPTION_KEY")
        crypto.fernet.cache_clear()


# --- headers --------------------------------------------------------------------------------


def test_every_page_has_a_content_security_policy_without_unsafe_scripts(client, officer):
    for url in ("/", "/staff/login/", "/api/v1/docs"):
        policy = client.get(url)["Content-Security-Policy"]
        scripts = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
        assert "frame-ancestors 'none'" in policy or "frame-ancestors 'self'" in policy


def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/healthz")


# --- found in review ------------------------------------------------------------------------


def test_a_form_body_sent_where_json_is_read_is_a_400(client, locality):
    response = client.post(
        f"/api/v1/public/{locality.slug}/requests", {"title": "x", "phone": "0812345678"}
    )  # multipart
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"


@pytest.mark.parametrize(
    "path, body, content_type",
    [
        ("/api/v1/public/%00/requests", "{}", "application/json"),
        ("/api/v1/public/alpha/requests", '{"title": "a\\u0000"}', "text/plain"),
        ("/api/v1/cases?q=%00&q=a", "", ""),
    ],
)
def test_nul_is_refused_in_the_path_any_body_and_every_query_value(
    client, locality, path, body, content_type
):
    post = client.post(path, data=body, content_type=content_type) if body else None
    response = post or client.get(path)
    assert response.status_code == 422
    assert response.json()["code"] == "null_character"


@pytest.mark.parametrize(
    "language, words",
    [("th", "ตัวอักษรที่ใช้ไม่ได้"), ("en", "a character that cannot be used")],
)
def test_a_page_refuses_bad_input_in_the_persons_language(client, locality, language, words):
    # A NUL in a page's query string and thousands of fields: a page saying nothing changed,
    # in the person's language, with the site around it (not a bare text or Django's English).
    client.cookies["django_language"] = language
    nul = client.get(f"/{locality.slug}/?q=%00")
    assert nul.status_code == 422
    page = nul.content.decode()
    assert words in page and 'data-testid="bad-request"' in page and "<nav" in page
    # answered before the CSRF, framing and CSP middleware: no form, its own headers
    assert "set_language" not in page.split("<main")[0]
    assert (
        nul["X-Frame-Options"] == "DENY" and "default-src 'none'" in nul["Content-Security-Policy"]
    )
    many_fields = "&".join(f"f{i}=1" for i in range(3000))
    many = client.get(f"/{locality.slug}/?{many_fields}")
    assert many.status_code == 400 and 'data-testid="bad-request"' in many.content.decode()
    api = client.get(f"/api/v1/cases?{many_fields}")
    assert api.status_code == 400 and api.json()["code"] == "too_many_fields"
    open311 = client.get(f"/open311/v2/services.json?{many_fields}")
    assert open311.status_code == 400 and open311.json()["code"] == "too_many_fields"
    swapped = client.get(f"/{locality.slug}/?q=%00", headers={"HX-Request": "true"})
    assert swapped.status_code == 422 and "<html" not in swapped.content.decode()


def test_a_pdf_loses_its_annotations_in_the_rewrite():
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_annotation(page_number=0, annotation=Link(rect=(0, 0, 50, 50), url="http://x.test"))
    out = io.BytesIO()
    writer.write(out)
    assert "/Annots" in PdfReader(io.BytesIO(out.getvalue())).pages[0]
    clean = clean_upload(out.getvalue())
    assert "/Annots" not in PdfReader(io.BytesIO(clean.content)).pages[0]


def test_a_long_thin_jpeg_is_budgeted_at_the_size_it_really_decodes(settings):
    """9000×1000: the decoder cannot shrink it (its short side is under the box), so it costs
    27 MB to decode, not the 7 MB a guess from the long side alone gives."""
    settings.THONGTHIN = {**settings.THONGTHIN, "UPLOAD_MAX_DECODE_BYTES": 10 * 2**20}
    out = io.BytesIO()
    Image.new("RGB", (9000, 1000), (200, 10, 10)).save(out, format="JPEG", quality=30)
    with pytest.raises(UploadRejected) as refused:
        clean_upload(out.getvalue())
    assert refused.value.code == "upload_too_many_pixels"


def test_an_ipv6_client_is_counted_by_its_64():
    assert http.address_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::"
    assert http.address_bucket("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::"
    assert http.address_bucket("203.0.113.9") == "203.0.113.9"


def test_idempotency_keys_belong_to_their_caller(client, locality):
    body = json.dumps({"kind": "general", "title": "ไฟดับ", "description": "ซอย 3"})
    numbers = set()
    for name in ("crm", "kiosk"):
        _key, secret = apikey_create(locality=locality, name=name)
        response = client.post(
            "/api/v1/cases",
            data=body,
            content_type="application/json",
            HTTP_X_API_KEY=secret,
            HTTP_IDEMPOTENCY_KEY="1",
        )
        assert response.status_code == 201
        numbers.add(response.json()["number"])
    assert len(numbers) == 2  # the second caller did not get the first one's case
