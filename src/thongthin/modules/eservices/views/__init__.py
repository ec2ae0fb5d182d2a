from .applying import apply, public_panel_context, staff_panel_context, supply
from .money import money, receipt
from .portal import catalogue, service

__all__ = [
    "apply", "catalogue", "money", "public_panel_context", "receipt", "service",
    "staff_panel_context", "supply",
]  # fmt: skip
