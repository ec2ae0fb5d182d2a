"""Complaint pages: the citizen's report form, public map, statistics and open data; the staff
queue, phone/walk-in entry and the complaint panel on the case page."""

from .handover import handover
from .portal import public_case, report, track_action, track_panel_context
from .public import export_csv, export_geojson, public_map, stats
from .staff import staff_action, staff_bulk_assign, staff_new, staff_panel_context, staff_queue

__all__ = [
    "export_csv", "export_geojson", "handover", "public_case", "public_map", "report",
    "staff_action",
    "staff_bulk_assign", "staff_new", "staff_panel_context", "staff_queue", "stats",
    "track_action", "track_panel_context",
]  # fmt: skip
