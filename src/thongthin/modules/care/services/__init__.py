"""Care writes: each service checks, applies and records (audit log) in one transaction and
tells people through the outbox. One file per part of the work."""

from .clinic import appointment_book, appointment_mark, reading_record, reading_seen
from .people import (
    PersonIn,
    assessment_record,
    contact_link_line,
    person_register,
    person_status_set,
    person_update,
)
from .plans import PlanIn, plan_decide, plan_save, plan_submit
from .rides import ride_cancel, ride_pin, ride_request, ride_step, route_plan
from .visits import VisitIn, visit_record, visits_generate

__all__ = [
    "PersonIn",
    "PlanIn",
    "VisitIn",
    "appointment_book",
    "appointment_mark",
    "assessment_record",
    "contact_link_line",
    "person_register",
    "person_status_set",
    "person_update",
    "plan_decide",
    "plan_save",
    "plan_submit",
    "reading_record",
    "reading_seen",
    "ride_cancel",
    "ride_pin",
    "ride_request",
    "ride_step",
    "route_plan",
    "visit_record",
    "visits_generate",
]
