"""War-room writes, one file a concern: readings, alerts, people (households, evacuation,
disaster incidents), shelters, relief. Every write also tells the live screen (``changed``)."""

from ._common import changes_prune

__all__ = ["changes_prune"]
