"""Uploads are judged by content; photos lose EXIF (GPS above all) before anyone sees them."""

import io
import struct
import zlib

import pytest
from PIL import Image

from thongthin.core.errors import UploadRejected
from thongthin.core.models import Attachment
from thongthin.core.services.attachments import attachment_create, clean_upload
from thongthin.core.services.cases import case_create
from thongthin.core.testing import pdf

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x9003] = "2026:11:23 10:00:00"
    exif[GPS_IFD] = {1: "N", 2: (8.0, 24.0, 30.0), 3: "E", 4: (99.0, 58.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_bomb(width=60000, height=60000) -> bytes:
    """A tiny PNG whose header claims billions of pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_the_fixture_really_carries_gps():
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


@pytest.mark.django_db
def test_photo_is_stored_without_exif_and_gets_a_thumbnail(locality):
    case = case_create(locality=locality, kind="general", title="ต้นไม้ล้ม", channel="web")
    attachment = attachment_create(case=case, data=jpeg_with_gps(), original_name="IMG_1.jpg")
    assert attachment.content_type == "image/jpeg"
    for field in (attachment.file, attachment.thumbnail):
        with field.open("rb") as handle, Image.open(handle) as stored:
            exif = stored.getexif()
            assert not exif.get_ifd(GPS_IFD)
            assert len(exif) == 0
    with attachment.file.open("rb") as handle:
        raw = handle.read()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert max(thumb.size) <= 320
    assert case.events.filter(kind="attachment").count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "upload_empty"),
        (b"MZ\x90\x00 this is an exe renamed to photo.jpg", "upload_type"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "upload_type"),
        (b"GIF89a" + b"\0" * 100, "upload_type"),
        (b"%PDF-1.7 truncated", "upload_damaged"),
    ],
)
def test_fake_or_damaged_files_are_refused(data, code, settings):
    with pytest.raises(UploadRejected) as error:
        clean_upload(data)
    assert error.value.code == code


def test_gif_images_are_not_accepted():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(UploadRejected) as error:
        clean_upload(out.getvalue())
    assert error.value.code == "upload_type"


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(UploadRejected) as error:
        clean_upload(png_bomb())
    assert error.value.code in {"upload_too_many_pixels", "upload_bomb"}


def test_size_limit(settings):
    settings.THONGTHIN = {**settings.THONGTHIN, "UPLOAD_MAX_BYTES": 1000}
    with pytest.raises(UploadRejected) as error:
        clean_upload(jpeg_with_gps())
    assert error.value.code == "upload_too_large"


def test_pdf_and_png_are_accepted():
    # A real PDF (the hand-written 3-line one this test used is now refused: PDFs are parsed).
    assert clean_upload(pdf()).content_type == "application/pdf"
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 128)).save(out, format="PNG")
    assert clean_upload(out.getvalue()).content_type == "image/png"


@pytest.mark.django_db
def test_a_refused_upload_changes_nothing(locality):
    case = case_create(locality=locality, kind="general", title="x", channel="web")
    with pytest.raises(UploadRejected):
        attachment_create(case=case, data=b"not an image")
    assert Attachment.objects.for_locality(locality).count() == 0
    assert case.events.count() == 1


@pytest.mark.django_db
def test_a_thumbnail_that_cannot_be_written_leaves_no_photo_behind(locality, monkeypatch):
    from django.core.files.storage import default_storage

    from thongthin.core.services.attachments import attachment_prepare

    saved = default_storage.save
    written: list[str] = []

    def full_disk(name, content, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "-thumb" in name:
            raise OSError(28, "No space left on device")
        written.append(saved(name, content, *args, **kwargs))
        return written[-1]

    monkeypatch.setattr(default_storage, "save", full_disk)
    with pytest.raises(OSError):
        attachment_prepare(locality=locality, data=jpeg_with_gps())
    assert len(written) == 1 and not default_storage.exists(written[0])


@pytest.mark.django_db
def test_a_prepared_file_recorded_as_staff_only_is_staff_only(locality):
    from thongthin.core.services.attachments import attachment_prepare

    case = case_create(locality=locality, kind="general", title="ต้นไม้ล้ม", channel="web")
    prepared = attachment_prepare(locality=locality, data=jpeg_with_gps())
    recorded = attachment_create(case=case, prepared=prepared, public=False, original_name="a.jpg")
    recorded.refresh_from_db()
    assert recorded.public is False and recorded.original_name == "a.jpg"
    assert not case.events.filter(kind="attachment", public=True).exists()


@pytest.mark.django_db
def test_staff_of_another_locality_cannot_open_a_file_through_their_own_case_of_that_number():
    from django.test import Client

    from thongthin.core.testing import PASSWORD, make_locality, make_staff

    here, there = make_locality(), make_locality()
    mine = case_create(locality=here, kind="general", title="ขอสำเนา", channel="web")
    theirs = case_create(locality=there, kind="general", title="ขอสำเนา", channel="web")
    assert mine.number == theirs.number  # numbers are per locality
    private = attachment_create(case=mine, data=jpeg_with_gps(), public=False)
    outsider = Client()
    assert outsider.login(username=make_staff(there, "officer").username, password=PASSWORD)
    assert outsider.get(private.url).status_code == 404
    insider = Client()
    assert insider.login(username=make_staff(here, "officer").username, password=PASSWORD)
    assert insider.get(private.url).status_code == 200
