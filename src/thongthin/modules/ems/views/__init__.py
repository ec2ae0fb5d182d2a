"""EMS pages: the dispatch room, incidents, the crew's phone page, reports, the citizen SOS."""

from .crew import crew, crew_status
from .dispatch import incident, incident_action, room, stream
from .portal import sos
from .reports import export, report_page

__all__ = [
    "crew",
    "crew_status",
    "export",
    "incident",
    "incident_action",
    "report_page",
    "room",
    "sos",
    "stream",
]
