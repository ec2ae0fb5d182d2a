"""The classification rules against the domain notes (care_education.md §1.1–1.2,
care_fields.md §6), the `thongthin care classify` command, and the route solver's plans
checked by an independent replay of every time window and capacity."""

from __future__ import annotations

import io
import json
import random
import sys

import pytest
from django.core.management import call_command

from .. import adl, ncd, routing

FULL = {"feeding": 2, "grooming": 1, "transfer": 3, "toilet": 2, "mobility": 3,
        "dressing": 2, "stairs": 2, "bathing": 1, "bowels": 2, "bladder": 2}  # fmt: skip


def scores(total: int) -> dict[str, int]:
    left, out = total, {}
    for key, _label, allowed in adl.ITEMS:
        out[key] = min(max(allowed), left)
        left -= out[key]
    assert left == 0
    return out


@pytest.mark.parametrize(
    ("total", "band"),
    [(20, "ติดสังคม"), (12, "ติดสังคม"), (11, "ติดบ้าน"), (5, "ติดบ้าน"), (4, "ติดเตียง"), (0, "ติดเตียง")],
)
def test_bands_follow_the_department_of_health_limits(total, band):
    result = adl.classify(scores(total))
    assert (result.total, result.band) == (total, band)


def test_the_items_and_their_allowed_scores_are_the_thai_version():
    assert adl.ALLOWED == {
        "feeding": (0, 1, 2), "grooming": (0, 1), "transfer": (0, 1, 2, 3), "toilet": (0, 1, 2),
        "mobility": (0, 1, 2, 3), "dressing": (0, 1, 2), "stairs": (0, 1, 2), "bathing": (0, 1),
        "bowels": (0, 1, 2), "bladder": (0, 1, 2),
    }  # fmt: skip
    assert adl.MAX_TOTAL == 20
    assert adl.classify(FULL).total == 20


@pytest.mark.parametrize(
    ("total", "tai", "group"),
    [
        (15, "", 0),
        (15, "B3", 0),  # socially active: group 0 whatever the TAI
        (8, "", 1),
        (8, "B5", 1),
        (8, "C4", 1),
        (8, "B3", 2),  # confused
        (8, "B4", 2),
        (3, "", 3),
        (3, "C2", 3),
        (3, "C3", 3),
        (3, "I1", 4),  # end of life
        (3, "I3", 4),
        (8, "I2", 1),  # a class of another band: the ADL decides, the rule says so
    ],
)
def test_groups_by_adl_band_and_tai(total, tai, group):
    result = adl.classify(scores(total), tai or None)
    assert result.group == group
    assert f"group {group}" in result.rule
    if tai == "I2":
        assert "belongs to group 4" in result.rule


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ({**FULL, "feeding": 3}, "adl_score_invalid"),  # feeding is 0-2
        ({**FULL, "grooming": 2}, "adl_score_invalid"),
        ({**FULL, "bathing": -1}, "adl_score_invalid"),
        ({**FULL, "stairs": 1.5}, "adl_score_invalid"),
        ({**FULL, "stairs": "2"}, "adl_score_invalid"),
        ({**FULL, "stairs": True}, "adl_score_invalid"),
        ({**FULL, "mobility": 15}, "adl_score_invalid"),  # the 100-point version
        ({k: v for k, v in FULL.items() if k != "bladder"}, "adl_item_missing"),
        ({**FULL, "walking": 1}, "adl_item_unknown"),
        ({"total": 12}, "adl_total_given"),
        ({**FULL, "total": 20}, "adl_total_given"),
    ],
)
def test_bad_screenings_are_refused_with_a_code(items, code):
    with pytest.raises(adl.ScoreError) as caught:
        adl.classify(items)
    assert caught.value.code == code


def test_an_unknown_tai_class_is_refused():
    with pytest.raises(adl.ScoreError) as caught:
        adl.classify(FULL, "B1")
    assert caught.value.code == "tai_invalid"


def test_classify_command_answers_every_line(monkeypatch):
    lines = [
        json.dumps({**scores(7), "tai": "B3"}),
        json.dumps({**FULL, "feeding": 3}),
        json.dumps({"total": 9}),
        "not json",
        json.dumps(scores(2)),
        "",
        json.dumps({**scores(0), "tai": "I1"}),
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    call_command("care", "classify", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == 6  # the empty line is skipped, every other answered in order
    assert answers[0] | {"rule": ""} == {"total": 7, "band": "ติดบ้าน", "group": 2, "rule": ""}
    assert answers[1]["error"] == "adl_score_invalid" and "Feeding" in answers[1]["message"]
    assert answers[2]["error"] == "adl_total_given"
    assert answers[3]["error"] == "json_invalid"
    assert (answers[4]["total"], answers[4]["band"], answers[4]["group"]) == (2, "ติดเตียง", 3)
    assert answers[5]["group"] == 4


@pytest.mark.parametrize(
    ("sbp", "dbp", "glucose", "patient", "colour"),
    [
        (115, 75, None, False, "white"),
        (125, 75, None, False, "light_green"),
        (None, None, 99, False, "white"),
        (None, None, 100, False, "light_green"),
        (139, 89, None, False, "light_green"),
        (190, 115, None, False, "red"),  # not known to have hypertension: still an alert
        (None, None, 200, False, "red"),
        (135, 85, None, True, "dark_green"),
        (140, 85, None, True, "yellow"),
        (150, 100, None, True, "orange"),
        (179, 109, None, True, "orange"),
        (180, 90, None, True, "red"),
        (150, 110, None, True, "red"),
        (None, None, 125, True, "dark_green"),
        (None, None, 126, True, "yellow"),
        (None, None, 155, True, "orange"),
        (None, None, 183, True, "red"),
        (None, None, 60, True, "low"),
        (130, 80, 190, True, "red"),  # the worse of the two
    ],
)
def test_reading_colour_bands(sbp, dbp, glucose, patient, colour):
    band = ncd.classify(sbp=sbp, dbp=dbp, glucose=glucose, hypertension=patient, diabetes=patient)
    assert band.colour == colour


@pytest.mark.parametrize(
    ("sbp", "dbp", "glucose", "code"),
    [
        (None, None, None, "reading_empty"),
        (120, None, None, "bp_incomplete"),
        (400, 80, None, "reading_impossible"),
        (120, 10, None, "reading_impossible"),
        (80, 120, None, "bp_order"),
        (None, None, 2000, "reading_impossible"),
    ],
)
def test_impossible_readings_are_refused(sbp, dbp, glucose, code):
    with pytest.raises(ncd.ReadingError) as caught:
        ncd.classify(sbp=sbp, dbp=dbp, glucose=glucose, hypertension=True, diabetes=True)
    assert caught.value.code == code


# --- Routes: replayed independently of the solver ------------------------------------------


def replay(plan: routing.Plan, cars: list[routing.Car], legs: list[routing.Leg], roads, depot):
    """Drive each route again from the office with the same road model: every stop's time is
    reachable, inside its window, pickups before drops in the same car, no ride over the limit,
    and the car never holds more people or wheelchairs than it has places for."""
    by_key = {leg.key: leg for leg in legs}
    car_of = {car.id: car for car in cars}
    served = set()
    for route in plan.routes:
        car = car_of[route.car]
        here, clock, seats, chairs = depot, 0, 0, 0
        picked: dict[tuple[int, str], int] = {}
        previous_service = 0
        for stop in route.stops:
            leg = by_key[stop.key]
            assert routing.fits(car, leg), "a leg in a car it does not fit"
            arrive = clock + previous_service + roads.seconds(here, stop.point) if clock else None
            if arrive is not None:
                assert stop.at >= arrive, "a stop earlier than the car can reach it"
            if stop.kind == "pickup":
                low, high = leg.pickup_window
                seats += leg.seats
                chairs += leg.wheelchairs
                picked[stop.key] = stop.at
                previous_service = routing.PICKUP_SECONDS
            else:
                low, high = leg.drop_window
                assert stop.key in picked, "dropped before being picked up"
                assert stop.at - picked.pop(stop.key) <= routing.MAX_RIDE
                seats -= leg.seats
                chairs -= leg.wheelchairs
                previous_service = routing.DROP_SECONDS
                served.add(stop.key)
            assert low <= stop.at <= high, f"{stop.key} {stop.kind} outside its window"
            assert 0 <= seats <= car.seats and 0 <= chairs <= car.wheelchairs
            here, clock = stop.point, stop.at
        assert not picked, "someone left in the car"
    assert served | set(plan.unserved) == set(by_key)
    assert not served & set(plan.unserved)
    return served


def day_of_rides(n: int, seed: int):
    rng = random.Random(seed)
    depot = (8.43, 99.96)
    hospitals = [(8.45, 99.975), (8.405, 99.94)]
    legs = []
    for i in range(n):
        home = (8.43 + rng.uniform(-0.06, 0.06), 99.96 + rng.uniform(-0.06, 0.06))
        hospital = hospitals[i % 2]
        appt = (8 + i % 6) * 3600 + (1800 if i % 4 else 0)
        chair = 1 if i % 4 == 0 else 0
        seats = 0 if chair else 1 + (i % 3 == 0)
        legs.append(routing.Leg((i, "out"), home, hospital, (appt - 3 * 3600, appt - 900),
                                (appt - 5400, appt - 900), seats, chair))  # fmt: skip
        back = appt + 7200
        legs.append(routing.Leg((i, "back"), hospital, home, (back, routing.DAY_END),
                                (back, routing.DAY_END), seats, chair))  # fmt: skip
    return depot, legs


def test_routes_respect_every_window_and_capacity():
    depot, legs = day_of_rides(20, seed=3)
    cars = [routing.Car(1, 4, 1), routing.Car(2, 3, 0), routing.Car(3, 2, 1), routing.Car(4, 4, 0),
            routing.Car(5, 3, 1)]  # fmt: skip
    roads = routing.Roads()
    plan = routing.solve(depot=depot, cars=cars, legs=legs, roads=roads, seconds=60,
                          solutions=1)  # fmt: skip
    served = replay(plan, cars, legs, roads, depot)
    assert len(served) >= 36  # 40 legs, five cars: nearly all fit in a day


def test_a_wheelchair_with_no_wheelchair_place_is_left_out_not_forced_in():
    depot, legs = day_of_rides(6, seed=5)
    cars = [routing.Car(1, 4, 0)]
    roads = routing.Roads()
    plan = routing.solve(depot=depot, cars=cars, legs=legs, roads=roads, seconds=60,
                          solutions=1)  # fmt: skip
    replay(plan, cars, legs, roads, depot)
    chairs = {leg.key for leg in legs if leg.wheelchairs}
    assert chairs and chairs <= set(plan.unserved)


def test_a_pinned_leg_goes_in_its_car():
    depot, legs = day_of_rides(6, seed=7)
    legs = [routing.Leg(**{**leg.__dict__, "car": 2}) if leg.key[0] == 1 else leg for leg in legs]
    cars = [routing.Car(1, 4, 1), routing.Car(2, 4, 1)]
    plan = routing.solve(depot=depot, cars=cars, legs=legs, roads=routing.Roads(),
                          seconds=60, solutions=1)  # fmt: skip
    for route in plan.routes:
        for stop in route.stops:
            if stop.key[0] == 1:
                assert route.car == 2
