from .applying import apply, public_panel_context, staff_panel_context, supply
from .documents import document_pdf, my_document_pdf, my_receipt_pdf, receipt_pdf, verify
from .money import money, receipt
from .portal import catalogue, service

__all__ = [
    "apply", "catalogue", "document_pdf", "money", "my_document_pdf", "my_receipt_pdf",
    "public_panel_context", "receipt", "receipt_pdf", "service", "staff_panel_context", "supply",
    "verify",
]  # fmt: skip
