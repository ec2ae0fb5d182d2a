"""/api/v1/complaints/: filing (public, rate-limited, or with a locality's API key), the public
list and map, duplicates, classification, the reporter's rating and reopening by tracking
code, and the staff actions that only complaints have."""

from . import public, staff  # noqa: F401  (their endpoints register on the router)
from ._router import router

__all__ = ["router"]
