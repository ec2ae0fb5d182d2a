"""The e-services module's tables: the catalogue of services and applications, fees and
receipts, the counter queue and appointments."""

from .appointments import WEEKDAYS, Appointment, Closure, SlotRule
from .catalogue import Application, Service
from .payments import IssuedDocument, Payment, PaymentAccount, ReceiptSequence, StatementLine
from .queue import Counter, QueueEvent, QueueGroup, Ticket

__all__ = [
    "WEEKDAYS",
    "Service",
    "Application",
    "PaymentAccount",
    "ReceiptSequence",
    "Payment",
    "IssuedDocument",
    "StatementLine",
    "QueueGroup",
    "Counter",
    "Ticket",
    "QueueEvent",
    "SlotRule",
    "Closure",
    "Appointment",
]
