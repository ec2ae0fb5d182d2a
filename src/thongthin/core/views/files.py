"""Uploaded files, served only after :func:`access_attachment` says the caller may see them."""

from __future__ import annotations

from django.http import Http404

from ..downloads import file_download
from ..errors import NotFound
from ..http import client_ip
from ..selectors import access_attachment
from ..services.audit import AuditAction, audit_record


def attachment(request, key: str, variant: str):
    try:
        found = access_attachment(actor=request.user, key=key)
    except NotFound:
        raise Http404() from None
    field = {"file": found.file, "thumb": found.thumbnail}.get(variant)
    if not field:
        raise Http404()
    handle = field.open("rb")  # a file missing from storage fails here, before any audit
    if not found.public:
        # Staff-only files hold personal data (an applicant's ID card copy, a payment slip, a
        # photo of someone receiving relief): each showing is audited, the thumbnail too.
        audit_record(
            action=AuditAction.PII_READ,
            locality=found.locality,
            actor=request.user,
            obj=found.case,
            ip=client_ip(request),
            detail={
                "number": found.case.number if found.case else "",
                "what": "file",
                "attachment_id": found.pk,
                "variant": variant,
            },
        )
    content_type = found.content_type
    if variant == "thumb":
        content_type = "image/png" if (field.name or "").endswith(".png") else "image/jpeg"
    pdf = found.content_type == "application/pdf"
    response = file_download(
        request,
        handle,
        content_type=content_type,
        filename=f"{found.key}{'.pdf' if pdf else ''}",
        as_attachment=pdf,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if found.public else "private, no-store"
    return response
