"""Complaint reads, and the gates: ``access_complaint`` (staff and integrations),
``access_complaint_by_tracking`` (the reporter) and ``access_public_complaint`` (anyone)."""

from .gates import (
    access_complaint,
    access_complaint_by_tracking,
    access_complaint_of_reporter,
    access_public_complaint,
)
from .public import (
    _CLUSTERS,
    EXPORT_COLUMNS,
    Stats,
    categories,
    complaint_stats,
    export_rows,
    map_features,
    parse_bbox,
    public_list,
)
from .queue import queue


def ready_categories(locality) -> bool:
    """Before going live: active categories, each routed to a division."""
    from ..models import Category

    active = Category.objects.for_locality(locality).filter(active=True)
    return active.exists() and not active.filter(department__isnull=True).exists()


__all__ = [
    "_CLUSTERS", "EXPORT_COLUMNS", "Stats", "access_complaint", "access_complaint_by_tracking",
    "access_complaint_of_reporter", "categories",
    "access_public_complaint", "complaint_stats", "export_rows", "map_features",
    "parse_bbox", "public_list", "queue", "ready_categories",
]  # fmt: skip
