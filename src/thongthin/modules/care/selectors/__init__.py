"""Care reads, and the one gate per object. People in care are sensitive health data: every
gate and list here answers "not found" to anyone without a care role of the locality (the
same for a missing row and another locality's), and writes the read to the audit log.

Other modules reach this module only through :func:`vulnerable_near` (the war room's
evacuation list, the EMS dispatcher's "who is bedridden at this address"); the module's
``tasks`` name the ``waiting_*`` counts by their dotted path here.
"""

from ._common import MISSED_DAYS, _need, bangkok_day, distance_m
from .clinic import access_appointment, access_reading, clinic_day
from .nearby import can_summarise, vulnerable_near
from .people import (
    access_person,
    access_person_by_token,
    people_list,
    people_of_citizen,
    person_history,
)
from .rides import (
    access_ride,
    hospitals,
    my_route,
    ready_hospitals,
    ready_vehicles,
    rides_of_day,
    routes_of_day,
    vehicles,
)
from .tasks import (
    ride_days_waiting,
    waiting_alerts,
    waiting_missed_people,
    waiting_my_rides,
    waiting_my_visits,
    waiting_plans_returned,
    waiting_plans_to_decide,
    waiting_rides,
)
from .visits import access_plan, access_visit, drive_order, my_visits, plans_for_committee

__all__ = [
    "MISSED_DAYS",
    "_need",
    "access_appointment",
    "access_person",
    "access_person_by_token",
    "access_plan",
    "access_reading",
    "access_ride",
    "access_visit",
    "bangkok_day",
    "can_summarise",
    "clinic_day",
    "distance_m",
    "drive_order",
    "hospitals",
    "my_route",
    "my_visits",
    "people_list",
    "people_of_citizen",
    "person_history",
    "plans_for_committee",
    "ready_hospitals",
    "ready_vehicles",
    "ride_days_waiting",
    "rides_of_day",
    "routes_of_day",
    "vehicles",
    "vulnerable_near",
    "waiting_alerts",
    "waiting_missed_people",
    "waiting_my_rides",
    "waiting_my_visits",
    "waiting_plans_returned",
    "waiting_plans_to_decide",
    "waiting_rides",
]
