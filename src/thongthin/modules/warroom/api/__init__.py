"""/api/v1/warroom/: readings in (devices with the locality's key), stations and charts, the
situation (and replay), alerts, shelters, households, relief and disaster incidents."""

from . import alerts, people, stations  # noqa: F401  (their endpoints register on the router)
from ._router import router

__all__ = ["router"]
