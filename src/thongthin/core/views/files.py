"""Uploaded files, served only after :func:`access_attachment` says the caller may see them."""

from __future__ import annotations

from django.http import FileResponse, Http404

from ..errors import NotFound
from ..selectors import access_attachment


def attachment(request, key: str, variant: str):
    try:
        found = access_attachment(actor=request.user, key=key)
    except NotFound:
        raise Http404() from None
    field = {"file": found.file, "thumb": found.thumbnail}.get(variant)
    if not field:
        raise Http404()
    content_type = found.content_type
    if variant == "thumb":
        content_type = "image/png" if (field.name or "").endswith(".png") else "image/jpeg"
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        as_attachment=found.content_type == "application/pdf",
        filename=f"{found.key}{'.pdf' if found.content_type == 'application/pdf' else ''}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if found.public else "private, no-store"
    return response
