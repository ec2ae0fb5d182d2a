"""Uploads checked by content: images (JPEG, PNG, WebP) and PDF only, size-limited, protected
from decompression bombs; images are re-encoded without EXIF (GPS above all) and get a
thumbnail. Files go through Django's storage API, so S3-compatible storage can replace disk."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import PermissionDenied, UploadRejected
from ..models import Attachment, Case, Locality, User
from . import case_events
from .audit import AuditAction, audit_record

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    thumbnail: bytes | None


def _reject(
    message: Any, code: str, params: dict | None = None, **detail: object
) -> UploadRejected:
    return UploadRejected(message, code=code, params=params, detail=detail or None)


ONLY_IMAGES_AND_PDF = _("Only JPEG, PNG, WebP images and PDF files are accepted.")


def clean_upload(data: bytes) -> CleanFile:
    """Check ``data`` by its bytes and return what may be stored; raise UploadRejected."""
    limit = settings.THONGTHIN["UPLOAD_MAX_BYTES"]
    if not data:
        raise _reject(_("The file is empty."), "upload_empty")
    if len(data) > limit:
        raise _reject(
            _("The file is larger than %(megabytes)s MB."),
            "upload_too_large",
            params={"megabytes": limit // (1024 * 1024)},
            size=len(data),
            limit=limit,
        )
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data)
    return _clean_image(data)


# Decoding an image costs time and memory by its pixels, not by its bytes (a 150 KB PNG can
# hold 40 million pixels). JPEG photos decode at a reduced scale (Pillow's draft mode, 1/2 to
# 1/8, cheap) down to MAX_SIDE; other formats must already be small enough to decode whole.
MAX_SIDE = 4096
BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3, "RGBA": 4,
                   "CMYK": 4, "I": 4, "F": 4, "LA": 2, "PA": 2, "RGBX": 4}  # fmt: skip


def _decode_budget(probe: Image.Image, fmt: str, data: bytes) -> None:
    """Refuse from the header, before a single pixel is decoded, what would cost more than the
    pixel and memory budgets."""
    width, height = probe.size
    max_pixels = settings.THONGTHIN["UPLOAD_MAX_PIXELS"]
    if fmt == "JPEG":
        pixels = width * height
        # A JPEG is decoded in draft mode (1/2, 1/4 or 1/8 scale, as the decoder can): the
        # budget is what that size costs, asked of the decoder, not guessed.
        with Image.open(io.BytesIO(data)) as sized:
            sized.draft("RGB", (MAX_SIDE, MAX_SIDE))
            decoded = sized.size[0] * sized.size[1]
    else:
        pixels = decoded = width * height
        max_pixels = min(max_pixels, settings.THONGTHIN["UPLOAD_MAX_DECODE_PIXELS"])
    memory = decoded * BYTES_PER_PIXEL.get(probe.mode, 4)
    if pixels > max_pixels or memory > settings.THONGTHIN["UPLOAD_MAX_DECODE_BYTES"]:
        raise _reject(
            _("The image has too many pixels."),
            "upload_too_many_pixels",
            width=width,
            height=height,
            limit=max_pixels,
        )


def _clean_image(data: bytes) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in IMAGE_FORMATS:
                    raise _reject(ONLY_IMAGES_AND_PDF, "upload_type", format=fmt)
                _decode_budget(probe, fmt, data)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if fmt == "JPEG":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))
                image.load()
                upright = ImageOps.exif_transpose(image)
                if max(upright.size) > MAX_SIDE:
                    upright.thumbnail((MAX_SIDE, MAX_SIDE))
                clean = _reencode(upright, fmt)
                thumb = upright.copy()
                thumb.thumbnail(THUMBNAIL_SIZE)
                thumbnail = _reencode(thumb, "JPEG" if fmt == "JPEG" else "PNG")
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _reject(_("The image is a decompression bomb."), "upload_bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _reject(ONLY_IMAGES_AND_PDF, "upload_type") from exc
    extension = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
    return CleanFile(clean, IMAGE_FORMATS[fmt], extension, thumbnail)


PDF_MAX_PAGES = 200


def _clean_pdf(data: bytes) -> CleanFile:
    """Parse the PDF with pypdf and write its pages into a new file: what is stored (and
    served) is a PDF pypdf produced, without scripts, actions, attachments or anything else
    that was wrapped around the pages; what pypdf cannot read as a PDF is refused."""
    import logging

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about bad input
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _reject(_("Password-protected PDFs are not accepted."), "upload_encrypted")
        pages = len(reader.pages)
        if not 1 <= pages <= PDF_MAX_PAGES:
            raise _reject(_("The PDF is damaged."), "upload_damaged", pages=pages)
        writer = PdfWriter()
        for page in reader.pages:
            # Without annotations (links, JavaScript, launch actions) or page actions.
            writer.add_page(page, excluded_keys=("/Annots", "/AA"))
        writer.add_metadata({"/Producer": "Thongthin"})
        out = io.BytesIO()
        writer.write(out)
    except UploadRejected:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        OSError,
    ) as exc:
        raise _reject(_("The PDF is damaged."), "upload_damaged") from exc
    return CleanFile(out.getvalue(), "application/pdf", ".pdf", None)


def _reencode(image: Image.Image, fmt: str) -> bytes:
    """Write pixels only: no EXIF, XMP, ICC comments or GPS survive."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    pixels_only = Image.new(image.mode, image.size)
    pixels_only.paste(image)
    out = io.BytesIO()
    options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
    pixels_only.save(out, format=fmt, **options)
    return out.getvalue()


def attachment_prepare(
    *,
    locality: Locality,
    data: bytes,
    original_name: str = "",
    actor: User | None = None,
    public: bool = True,
    guarded: bool = False,
    images_only: bool = False,
) -> Attachment:
    """Clean a file (a photo loses its EXIF/GPS) and write it and its thumbnail to storage: an
    unsaved attachment, recorded later by ``attachment_store``/``attachment_create`` (a
    ``prepared=`` one). The costly part (decoding, re-encoding, writing) so runs before the
    caller's transaction, not under SQLite's one write lock; a caller whose transaction fails
    gives the files back with ``attachment_discard``."""
    clean = clean_upload(data)
    if images_only and not clean.content_type.startswith("image/"):
        raise _reject(_("Only JPEG, PNG or WebP photos are accepted."), "upload_not_image")
    attachment = Attachment(
        locality_id=locality.pk,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=hashlib.sha256(clean.content).hexdigest(),
        original_name=(original_name or "")[:200],
        public=public and not guarded,
        guarded=guarded,
        uploaded_by=actor,
    )
    attachment.file.save(clean.extension, ContentFile(clean.content), save=False)
    if clean.thumbnail is not None:
        # Thumbnails are JPEG for JPEG photos and PNG otherwise (see _clean_image).
        extension = ".jpg" if clean.content_type == "image/jpeg" else ".png"
        try:
            attachment.thumbnail.save(
                "-thumb" + extension, ContentFile(clean.thumbnail), save=False
            )
        except BaseException:
            attachment_discard(attachment)  # the file written just before, unless recorded
            raise
    return attachment


def attachment_discard(prepared: Attachment) -> None:
    """Remove the files of a prepared attachment whose row was not written or was rolled back
    (its ``pk`` may be set all the same). A file another recorded attachment names is kept:
    names come from the content, and a storage that overwrites (S3's usual setting) gives
    the same name to the same photo sent twice."""
    for field in (prepared.file, prepared.thumbnail):
        if not field:
            continue
        named = Q(file=field.name) | Q(thumbnail=field.name)
        if not Attachment.objects.for_locality(prepared.locality_id).filter(named).exists():
            field.delete(save=False)


@contextmanager
def files_prepared(
    *,
    locality: Locality,
    files: Iterable[tuple[str, bytes]],
    actor: User | None = None,
    public: bool = True,
    guarded: bool = False,
    images_only: bool = False,
) -> Iterator[list[Attachment]]:
    """Each (name, bytes) cleaned and written before the caller's transaction (see
    ``attachment_prepare``): a bad file is refused before anything is recorded, and the files
    of any the block did not record (it failed, or found the work already done) are removed.
    ``public=False``: staff only (documents with personal data), never on a tracking page."""
    prepared: list[Attachment] = []
    try:
        for name, data in files:
            prepared.append(
                attachment_prepare(
                    locality=locality,
                    data=data,
                    original_name=name,
                    actor=actor,
                    public=public,
                    guarded=guarded,
                    images_only=images_only,
                )
            )
        yield prepared
    except BaseException:
        for attachment in prepared:
            attachment_discard(attachment)
        raise
    for attachment in prepared:
        # Not recorded, or recorded in a transaction that was rolled back (the pk stays set).
        recorded = Attachment.objects.for_locality(locality).filter(pk=attachment.pk)
        if attachment.pk is None or not recorded.exists():
            attachment_discard(attachment)


def attachment_store(
    *,
    locality: Locality,
    data: bytes,
    original_name: str = "",
    actor: User | None = None,
    public: bool = True,
    case: Case | None = None,
    guarded: bool = False,
    images_only: bool = False,
) -> Attachment:
    """Clean and keep a file (a photo loses its EXIF/GPS); without a case it belongs to the
    locality (a relief hand-over photo, a LINE photo before its complaint exists). ``guarded``:
    a module serves it only through its own view (never the generic /files/ address);
    ``images_only``: a PDF is refused."""
    attachment = attachment_prepare(
        locality=locality, data=data, original_name=original_name, actor=actor, public=public,
        guarded=guarded, images_only=images_only,
    )  # fmt: skip
    attachment.case = case
    attachment.save()
    return attachment


def attachment_create(
    *,
    case: Case,
    data: bytes | None = None,
    prepared: Attachment | None = None,
    original_name: str = "",
    actor: User | None = None,
    actor_label: str = "",
    public: bool = True,
    ip: str | None = None,
) -> Attachment:
    """A file on a case's timeline: from its bytes, or ``prepared`` beforehand (cleaned and
    written outside the caller's transaction, see ``attachment_prepare``)."""
    if actor is not None and not actor.is_platform_admin and actor.locality_id != case.locality_id:
        raise PermissionDenied()
    if prepared is not None and (
        prepared.pk is not None or prepared.locality_id != case.locality_id
    ):
        raise PermissionDenied()
    with transaction.atomic():
        if prepared is None:
            attachment = attachment_store(
                locality=case.locality, data=data or b"", original_name=original_name,
                actor=actor, public=public, case=case,
            )  # fmt: skip
        else:
            attachment = prepared
            attachment.case = case
            # What the caller says here narrows what was prepared, never widens it.
            attachment.public = attachment.public and public
            attachment.original_name = attachment.original_name or original_name[:200]
            attachment.save()
        case_events.event_attachment(
            case,
            actor=actor,
            actor_label=actor_label,
            attachment_id=attachment.pk,
            public=attachment.public,
        )
        audit_record(
            action=AuditAction.CASE_ATTACHMENT,
            locality=case.locality,
            actor=actor,
            actor_label=actor_label,
            obj=case,
            ip=ip,
            detail={"attachment_id": attachment.pk, "content_type": attachment.content_type},
        )
    return attachment
