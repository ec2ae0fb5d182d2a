"""Care benchmarks, in one process, on SQLite (a fresh THONGTHIN_VAR_DIR) or PostgreSQL
(DATABASE_URL). Prints a JSON line at the end.

1. Smart Car route planning: a day of 40 stops (20 people to hospital, each a pick-up and a
   drop-off, half of them also brought back = 30 legs, 60 stops in the "with returns" case)
   and 5 vehicles (wheelchair places on three), through the whole ``route_plan`` service
   (rides read, OR-Tools solve with the module's time limit, routes and rides written), five
   times; every plan replayed to count the rides it served; and the solver's first plan alone
   (``ROUTE_SOLUTIONS=1``) for the 40 stops, to show what the time limit adds.
2. Visit sync: visits sent from the caregiver's phone through the API (``POST
   /api/v1/care/visits/<id>/record``, session + CSRF, JSON, Django's test client in the same
   process: no network), first sends and the same visits sent again; against the floor of the
   same run, a raw one-row INSERT per transaction.

    THONGTHIN_VAR_DIR=$(mktemp -d) .venv/bin/python bench/care.py
    DATABASE_URL=postgres://postgres@127.0.0.1/thongthin_bench .venv/bin/python bench/care.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 1)


def main() -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from thongthin.core.db.schema import schema_ready
    from thongthin.core.testing import PASSWORD, make_locality, make_staff
    from thongthin.modules.care import services
    from thongthin.modules.care.models import Hospital, Ride, Vehicle, Visit
    from thongthin.modules.care.module import MODULE
    from thongthin.modules.care.tests.conftest import items, person_data

    schema_ready()
    rng = random.Random(40)
    locality = make_locality(f"benchcare{rng.randint(0, 10**6)}")
    manager = make_staff(locality, "care_manager", "health")
    caregiver = make_staff(locality, "caregiver", "health")
    for n in range(5):
        Vehicle.objects.create(locality=locality, name=f"van {n}", seats=3 + n % 2,
                               wheelchair_places=1 if n < 3 else 0,
                               driver=make_staff(locality, "driver", "health"))  # fmt: skip
    hospitals = [
        Hospital.objects.create(locality=locality, name="A", lat=8.45, lon=99.975),
        Hospital.objects.create(locality=locality, name="B", lat=8.405, lon=99.94),
    ]
    people = []
    for n in range(20):
        person = services.person_register(
            locality=locality, actor=manager,
            data=person_data(first_name=f"p{n}", lat=8.43 + rng.uniform(-0.06, 0.06),
                             lon=99.96 + rng.uniform(-0.06, 0.06)),
        )  # fmt: skip
        services.assessment_record(person=person, actor=manager, items=items(rng.randint(2, 11)))
        people.append(person)

    def day_of(returns: bool):
        day = timezone.localdate() + timedelta(days=2 + returns)
        for n, person in enumerate(people):
            at = timezone.make_aware(datetime.combine(day, clock(8 + n % 6, 30 * (n % 2))))
            services.ride_request(person=person, hospital_id=hospitals[n % 2].pk,
                                  appointment_at=at, return_trip=returns and n % 2 == 0,
                                  mobility="wheelchair" if n % 4 == 0 else "walks")  # fmt: skip
        return day

    from django.test import override_settings

    planning = {}
    for returns, first_only in ((False, False), (True, False), (False, True)):
        day = day_of(returns) if not first_only else timezone.localdate() + timedelta(days=2)
        times, served = [], []
        # first_only: the solver's first plan (local cheapest insertion), no search after it.
        limits = {"care": {"ROUTE_SOLUTIONS": 1, "ROUTE_SECONDS": 60}} if first_only else {}
        for _ in range(5):
            begun = time.perf_counter()
            with override_settings(THONGTHIN_MODULES=limits):
                services.route_plan(locality=locality, actor=manager, day=day)
            times.append((time.perf_counter() - begun) * 1000)
            start = timezone.make_aware(datetime.combine(day, clock.min))
            rides = Ride.objects.for_locality(locality).filter(appointment_at__gte=start,
                                                               appointment_at__lt=start + timedelta(days=1))  # fmt: skip
            served.append(rides.filter(status="planned").count())
        stops = 40 + (20 if returns else 0)
        planning[f"{stops}_stops_5_vehicles" + ("_first_plan" if first_only else "")] = {
            "runs": 5, "p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "rides_served": served,
            "solver_limit_s": None if first_only else float(MODULE.setting("ROUTE_SECONDS")),
        }  # fmt: skip

    # Visit sync through the API.
    today = timezone.localdate()
    visits = [
        Visit.objects.create(locality=locality, person=people[n % 20], caregiver=caregiver,
                             due_on=today)  # fmt: skip
        for n in range(300)
    ]
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=caregiver.username, password=PASSWORD)
    bodies = [
        {"client_id": str(uuid.uuid4()), "lat": 8.43, "lon": 99.96, "sbp": 130, "dbp": 80,
         "pulse": 78, "activities": ["bathing", "turning"], "notes": "ok"}
        for _ in visits
    ]  # fmt: skip
    first, again = [], []
    for visit, body in zip(visits, bodies, strict=True):
        begun = time.perf_counter()
        answer = client.post(f"/api/v1/care/visits/{visit.pk}/record", body,
                             content_type="application/json")  # fmt: skip
        first.append((time.perf_counter() - begun) * 1000)
        assert answer.status_code == 201, answer.content
    for visit, body in zip(visits, bodies, strict=True):
        begun = time.perf_counter()
        answer = client.post(f"/api/v1/care/visits/{visit.pk}/record", body,
                             content_type="application/json")  # fmt: skip
        again.append((time.perf_counter() - begun) * 1000)
        assert answer.status_code == 200 and answer.json()["stored"] is False
    assert Visit.objects.for_locality(locality).filter(status="done").count() == len(visits)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_floor (id integer, note varchar(40))")
    floor = []
    for n in range(300):
        begun = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_floor VALUES (%s, %s)", [n, "visit"])
        floor.append((time.perf_counter() - begun) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")

    def rate(samples):
        return {"n": len(samples), "per_s": round(len(samples) / (sum(samples) / 1000), 1),
                "p50_ms": round(statistics.median(samples), 2), "p95_ms": pct(samples, 0.95)}  # fmt: skip

    print(json.dumps({
        "database": connection.vendor,
        "route_planning": planning,
        "visit_sync_first_send": rate(first),
        "visit_sync_sent_again": rate(again),
        "floor_raw_insert": rate(floor),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
