"""Core models: geography, localities, accounts, cases, audit, notifications, LINE, keys."""

from .accounts import Citizen, User
from .apikeys import ApiKey
from .audit import AuditEvent
from .cases import Attachment, Case, CaseEvent, CaseSequence
from .geography import District, Province, SubDistrict
from .line import LineEvent
from .locality import Department, Locality, LocalityType
from .outbox import OutboxMessage

__all__ = [
    "ApiKey",
    "Attachment",
    "AuditEvent",
    "Case",
    "CaseEvent",
    "CaseSequence",
    "Citizen",
    "Department",
    "District",
    "LineEvent",
    "Locality",
    "LocalityType",
    "OutboxMessage",
    "Province",
    "SubDistrict",
    "User",
]
