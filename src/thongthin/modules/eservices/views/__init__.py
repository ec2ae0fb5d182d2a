from .applying import apply, public_panel_context, staff_panel_context, supply
from .portal import catalogue, service

__all__ = [
    "apply", "catalogue", "public_panel_context", "service", "staff_panel_context", "supply",
]  # fmt: skip
