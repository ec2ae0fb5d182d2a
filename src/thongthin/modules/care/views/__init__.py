"""Care pages: the back office's in ``staff/`` by part of the work, the person's own link in
``portal.py``."""

from .portal import my_care
from .staff.clinic import clinic
from .staff.people import (
    assess,
    people,
    person,
    person_edit,
    person_new,
    plan,
    plan_edit,
    plan_new,
    plans,
)
from .staff.reports import export_43, reports
from .staff.rides import my_route, ride, ride_new, rides
from .staff.visits import my_visits, service_worker, visit_photo

__all__ = [
    "assess",
    "clinic",
    "export_43",
    "my_care",
    "my_route",
    "my_visits",
    "people",
    "person",
    "person_edit",
    "person_new",
    "plan",
    "plan_edit",
    "plan_new",
    "plans",
    "reports",
    "ride",
    "ride_new",
    "rides",
    "service_worker",
    "visit_photo",
]
