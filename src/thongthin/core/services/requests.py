"""Filing a general request (คำร้องทั่วไป) from any channel: the portal form, the public API,
staff entering a call. Modules with their own kinds have their own filing services."""

from __future__ import annotations

from django.db import transaction

from ..models import Case, Citizen, Locality, User
from .accounts import ReporterIn
from .attachments import attachment_create, files_prepared
from .cases import case_create


def request_file(
    *,
    locality: Locality,
    title: str,
    description: str = "",
    channel: str,
    reporter: Citizen | ReporterIn | None = None,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    photos: list[bytes] | None = None,
    actor: User | None = None,
    actor_label: str = "citizen",
    ip: str | None = None,
) -> Case:
    """Check everything (photos by their bytes first, cleaned and written before the
    transaction), then write the case, its reporter and its photos all or nothing."""
    files = [("", data) for data in photos or []]
    with (
        files_prepared(locality=locality, files=files, actor=actor) as prepared,
        transaction.atomic(),
    ):
        case = case_create(
            locality=locality,
            kind="general",
            title=title,
            description=description,
            channel=channel,
            reporter=reporter,
            lat=lat,
            lon=lon,
            address=address,
            actor=actor,
            actor_label=actor_label,
            ip=ip,
        )
        for photo in prepared:
            attachment_create(case=case, prepared=photo, actor=actor, actor_label=actor_label)
    return case
