from .applying import apply, public_panel_context, rate, staff_panel_context, supply
from .appointments import appointment, appointments, book
from .documents import document_pdf, my_document_pdf, my_receipt_pdf, receipt_pdf, verify
from .money import money, receipt
from .portal import catalogue, service
from .queue import counter, display, display_stream, kiosk, ticket
from .reports import report_csv, report_page
from .statements import statements
from .walkin import walk_in

__all__ = [
    "appointment", "appointments", "book", "counter", "display", "display_stream", "kiosk",
    "ticket",
    "apply", "catalogue", "document_pdf", "money", "my_document_pdf", "my_receipt_pdf",
    "public_panel_context", "rate", "receipt", "report_csv", "report_page", "receipt_pdf",
    "service", "staff_panel_context",
    "statements", "supply", "verify", "walk_in",
]  # fmt: skip
