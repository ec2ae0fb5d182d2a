"""EMS services: every write goes through here (check, apply, audit, board change)."""

from .care import hospital_save, patient_save
from .incidents import (
    incident_cancel,
    incident_confirm,
    incident_create,
    scene_triage,
    sos_add_note,
    sos_create,
    sos_open,
)
from .line_sos import sos_line_begin, sos_line_locate, sos_line_note
from .timeline import stamp_set
from .units import unit_assign, unit_position, unit_set_status

__all__ = [
    "hospital_save",
    "incident_cancel",
    "incident_confirm",
    "incident_create",
    "patient_save",
    "scene_triage",
    "sos_add_note",
    "sos_create",
    "sos_open",
    "sos_line_begin",
    "sos_line_locate",
    "sos_line_note",
    "stamp_set",
    "unit_assign",
    "unit_position",
    "unit_set_status",
]
