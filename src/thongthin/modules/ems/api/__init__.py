"""/api/v1/ems/: intake, recommendation, dispatch, timeline, care, units, the board, reports
and the citizen's SOS. Each endpoint parses, reaches its objects through the gates in
``selectors`` and calls one service."""

from . import incidents, public, units  # noqa: F401  (their endpoints register on the router)
from ._router import router

__all__ = ["router"]
