"""Recommendation ranking (checked against distances computed here independently), the
pluggable router, and two dispatchers sending the same unit at once."""

from __future__ import annotations

import math
import threading

import pytest
from django.db import connection

from thongthin.core.errors import Conflict
from thongthin.core.testing import FakeOsrm
from thongthin.modules.ems import routing, services
from thongthin.modules.ems.models import Assignment, Unit

from .conftest import LAT, LON, make_unit


def vincenty_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the spherical Vincenty formula (not the haversine the code
    uses), on the same mean Earth radius."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    num = math.hypot(
        math.cos(p2) * math.sin(dl),
        math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl),
    )
    den = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.atan2(num, den)


@pytest.mark.django_db
def test_ranking_prefers_the_needed_level_then_the_shortest_estimated_time(locality, settings):
    settings.THONGTHIN_MODULES = {"ems": {"ROAD_FACTOR": 1.3, "SPEED_KMH": 60.0}}
    units = {
        "fr-near": make_unit(locality, "fr-near", "FR", 0.5, 0.3),
        "bls-mid": make_unit(locality, "bls-mid", "BLS", -1.5, 2.0),
        "als-far": make_unit(locality, "als-far", "ALS", 6.0, -4.0),
        "als-mid": make_unit(locality, "als-mid", "ALS", 2.5, 2.5),
        "als-busy": make_unit(locality, "als-busy", "ALS", 0.1, 0.1, status="en_route"),
        "als-off": make_unit(locality, "als-off", "ALS", 0.2, 0.1, status="out_of_service"),
    }
    ranked = routing.recommend(locality=locality, lat=LAT, lon=LON, colour="red")

    expected = {
        code: vincenty_km(u.lat, u.lon, LAT, LON)
        for code, u in units.items()
        if u.status == "available"
    }
    # Red needs ALS: both ALS units first (nearer first), then the rest by distance.
    assert [c.code for c in ranked] == ["als-mid", "als-far", "fr-near", "bls-mid"]
    for candidate in ranked:
        assert candidate.straight_km == pytest.approx(expected[candidate.code], rel=1e-6)
        assert candidate.road_km == pytest.approx(expected[candidate.code] * 1.3, rel=1e-6)
        assert candidate.eta_seconds == round(expected[candidate.code] * 1.3 / 60 * 3600)
        assert candidate.reasons
    assert "ALS" in ranked[0].reasons[0] and ranked[0].level_ok
    assert not ranked[2].level_ok and "ถึงเร็วที่สุด" in ranked[2].reasons[-1]

    # Green accepts any level: pure travel-time order.
    green = routing.recommend(locality=locality, lat=LAT, lon=LON, colour="green")
    assert [c.code for c in green] == sorted(expected, key=expected.get)


@pytest.mark.django_db
def test_a_stale_position_counts_from_the_base(locality):
    from datetime import timedelta

    from django.utils import timezone

    unit = make_unit(locality, "als-1", "ALS", 10, 0)
    Unit.objects.for_locality(locality).filter(pk=unit.pk).update(
        lat=LAT, lon=LON, position_at=timezone.now() - timedelta(hours=3)
    )
    (candidate,) = routing.recommend(locality=locality, lat=LAT, lon=LON, colour="red")
    assert candidate.from_base
    assert candidate.straight_km == pytest.approx(
        vincenty_km(unit.base_lat, unit.base_lon, LAT, LON)
    )


def osrm_answering(durations: list[float | None]) -> FakeOsrm:
    """Durations from each unit to the incident; distances ten metres per second."""
    return FakeOsrm(lambda points: {
        "durations": [[d] for d in durations],
        "distances": [[None if d is None else d * 10] for d in durations],
    })  # fmt: skip


@pytest.mark.django_db
def test_a_configured_router_gives_road_times(locality, settings):
    make_unit(locality, "als-a", "ALS", 1, 0)  # nearer in a straight line ...
    make_unit(locality, "als-b", "ALS", 2, 0)  # ... but across the river
    osrm = osrm_answering([900.0, 300.0])
    settings.THONGTHIN_MODULES = {"ems": {"ROUTER_URL": osrm.url}}
    try:
        ranked = routing.recommend(locality=locality, lat=LAT, lon=LON, colour="red")
    finally:
        osrm.close()
    assert [c.code for c in ranked] == ["als-b", "als-a"]
    assert ranked[0].eta_seconds == 300 and ranked[0].routed and ranked[0].road_km == 3.0
    path = osrm.requests[0]
    assert path.startswith("/table/v1/driving/") and "destinations=0" in path
    assert f"{LON:.6f},{LAT:.6f}" in path


@pytest.mark.django_db
def test_a_router_that_fails_leaves_the_straight_line_estimate(locality, settings):
    make_unit(locality, "als-a", "ALS", 1, 0)
    osrm = FakeOsrm(fail=True)
    settings.THONGTHIN_MODULES = {"ems": {"ROUTER_URL": osrm.url}}
    try:
        (candidate,) = routing.recommend(locality=locality, lat=LAT, lon=LON, colour="red")
    finally:
        osrm.close()
    assert not candidate.routed
    assert candidate.straight_km == pytest.approx(1.0, rel=0.01)
    assert "ระบบเส้นทางไม่ตอบ" in candidate.reasons[-1]


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_sending_the_same_unit_at_once_one_wins(locality, dispatcher):
    from thongthin.core.testing import make_staff

    second = make_staff(locality, "dispatcher")
    unit = make_unit(locality, "als-1", "ALS")
    first_call = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", lat=LAT, lon=LON
    )
    second_call = services.incident_create(
        locality=locality, actor=second, symptom_group=25, colour="red", lat=LAT, lon=LON
    )
    barrier = threading.Barrier(2)
    results: list[str] = []

    def send(incident, actor):
        try:
            barrier.wait()
            services.unit_assign(incident=incident, unit=unit, actor=actor)
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=send, args=(first_call, dispatcher)),
        threading.Thread(target=send, args=(second_call, second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok", "unit_not_available"]
    assert Assignment.objects.for_locality(locality).count() == 1
    assignment = Assignment.objects.for_locality(locality).get()
    unit.refresh_from_db()
    assert unit.incident_id == assignment.incident_id and unit.status == "dispatched"


def test_place_search_looks_in_the_locality_first_then_its_province(client, locality):
    from thongthin.core.models import District, Province, SubDistrict
    from thongthin.core.testing import make_subdistrict

    far_province = Province.objects.create(id=10, name_th="กรุงเทพมหานคร", name_en="Bangkok")
    far_district = District.objects.create(id=1001, name_th="พระนคร", name_en="Phra Nakhon",
                                           province=far_province)  # fmt: skip
    SubDistrict.objects.create(id=100101, name_th="ท่าวังไกล", name_en="Tha Wang Far",
                               district=far_district, postcode="10200", lat=13.75, lon=100.49)  # fmt: skip
    province_one = make_subdistrict(800199, 8.5, 99.9)
    SubDistrict.objects.filter(pk=province_one.pk).update(name_th="ท่าวังจังหวัด")
    own = locality.subdistricts.first()
    SubDistrict.objects.filter(pk=own.pk).update(name_th="ท่าวังของเรา")
    found = client.get(
        "/api/v1/reference/subdistricts", {"q": "ท่าวัง", "locality": locality.slug}
    ).json()
    assert [s["id"] for s in found] == [own.pk, province_one.pk, 100101]


def test_the_incident_keeps_the_place_of_its_final_pin(locality, dispatcher):
    from thongthin.core.testing import make_subdistrict
    from thongthin.modules.ems import services

    own = locality.subdistricts.first()  # 8.408, 99.972
    elsewhere = make_subdistrict(800150, 9.2, 99.3)  # picked by name, then the pin was moved
    incident = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", criterion=1,
        lat=8.41, lon=99.97, subdistrict_id=elsewhere.pk, caller_phone="0812345678",
    )  # fmt: skip
    assert incident.case.subdistrict_id == own.pk
    # No pin: the place picked by name gives the point.
    named = services.incident_create(
        locality=locality, actor=dispatcher, symptom_group=6, colour="red", criterion=1,
        lat=None, lon=None, subdistrict_id=elsewhere.pk, caller_phone="0812345679",
    )  # fmt: skip
    assert named.case.subdistrict_id == elsewhere.pk and named.case.lat == 9.2
