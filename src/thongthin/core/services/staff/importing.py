"""Many staff at once from a CSV file, with a report of the rows refused and why."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ...errors import ValidationFailed
from ...models import Locality, User
from ._common import StaffIn, _gate
from .people import staff_invite

IMPORT_ROWS_MAX = 500
IMPORT_HEADER = ("first_name", "last_name", "email", "phone", "role", "division")


@dataclass
class ImportReport:
    # (line, person, the link to send them when it was not sent: channel "link")
    invited: list[tuple[int, User, str]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def staff_import(
    *,
    locality: Locality,
    actor: User,
    data: bytes,
    channel: str = "email",
    ip: str | None = None,
) -> ImportReport:
    """Invite everyone in a CSV file (header ``first_name,last_name,email,phone,role,division``,
    UTF-8, Excel's BOM allowed). Good rows are invited, bad ones reported with their line and
    reason; a wrong header refuses the whole file."""
    _gate(actor=actor, locality=locality)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8'."), code="csv_encoding"
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = tuple(h.strip().lower() for h in next(reader, []))
    if header != IMPORT_HEADER:
        raise ValidationFailed(
            _("The first line must be: %(header)s"),
            code="csv_header",
            params={"header": ",".join(IMPORT_HEADER)},
        )
    report = ImportReport()
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ValidationFailed(
            _("The file is not a CSV file this can read: %(error)s"),
            code="csv_invalid",
            params={"error": exc},
        ) from None
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number - 1 > IMPORT_ROWS_MAX:
            report.refused.append(
                (number, str(_("More than %(max)s rows.") % {"max": IMPORT_ROWS_MAX}))
            )
            break
        if len(row) != len(IMPORT_HEADER):
            report.refused.append(
                (
                    number,
                    str(
                        _("%(found)s columns, %(expected)s expected.")
                        % {"found": len(row), "expected": len(IMPORT_HEADER)}
                    ),
                )
            )
            continue
        person = StaffIn(**dict(zip(IMPORT_HEADER[:5], row[:5], strict=True)), division=row[5])
        row_channel = channel
        if row_channel == "email" and not person.email.strip() and person.phone.strip():
            row_channel = "sms" if settings.THONGTHIN["SMS_GATEWAY_URL"] else "link"
        try:
            user, url = staff_invite(
                locality=locality, actor=actor, person=person, channel=row_channel, ip=ip
            )
        except ValidationFailed as exc:
            report.refused.append((number, str(exc.message)))
            continue
        report.invited.append((number, user, url if row_channel == "link" else ""))
    return report
