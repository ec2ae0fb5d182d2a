"""Core models: geography, localities, accounts, cases, audit, notifications, LINE, keys."""

from .accounts import Citizen, Invitation, User
from .apikeys import ApiKey
from .audit import AuditEvent
from .cases import Attachment, Case, CaseEvent, CaseSequence
from .geography import District, Province, SubDistrict
from .idempotency import IdempotentRequest
from .line import LineEvent
from .locality import Department, Locality, LocalityType
from .outbox import OutboxMessage
from .ratelimit import RateCount

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
    "IdempotentRequest",
    "Invitation",
    "LineEvent",
    "Locality",
    "LocalityType",
    "OutboxMessage",
    "Province",
    "RateCount",
    "SubDistrict",
    "User",
]
