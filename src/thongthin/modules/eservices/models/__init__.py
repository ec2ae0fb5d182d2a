"""The e-services module's tables: the locality's catalogue of services, each with what the
Licensing Facilitation Act 2015 (section 7) asks its คู่มือสำหรับประชาชน to say; fees and
receipts; the counter's queue and appointments."""

from .catalogue import Application, Service
from .counter import (
    WEEKDAYS,
    Appointment,
    Closure,
    Counter,
    QueueEvent,
    QueueGroup,
    SlotRule,
    Ticket,
)
from .money import IssuedDocument, Payment, PaymentAccount, ReceiptSequence, StatementLine

__all__ = [
    "Application", "Appointment", "Closure", "Counter", "IssuedDocument", "Payment",
    "PaymentAccount", "QueueEvent", "QueueGroup", "ReceiptSequence", "Service", "SlotRule",
    "StatementLine", "Ticket", "WEEKDAYS",
]  # fmt: skip
