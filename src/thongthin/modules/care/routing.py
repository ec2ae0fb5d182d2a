"""Smart Car routes: a day's rides as a pickup-and-delivery problem with time windows and two
capacities (seats, wheelchair places), solved by Google OR-Tools' routing library.

Pure: no database. Each leg is one trip of one person: to the hospital (dropped off between
90 and 15 minutes before the appointment) or back home (picked up from when the appointment is
expected to be over). Every vehicle starts and ends at the office. A leg no vehicle can take
(no wheelchair place, no stretcher, no time) is left out and reported, never forced in.
Times are seconds after midnight (Bangkok). Distances and driving times come from an OSRM
server's table service where one is configured (:class:`RoutedRoads`), else from straight lines
times a road factor at an average speed; a router that fails or is slow leaves the straight-line
estimate, and the plan says which it used.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from thongthin.core.geo import distance_m

PICKUP_SECONDS = 5 * 60  # getting someone (and a wheelchair) into the car
DROP_SECONDS = 3 * 60
DAY_START = 6 * 3600
DAY_END = 20 * 3600
WAIT_MAX = 4 * 3600
UNSERVED_PENALTY = 10_000_000
MAX_RIDE = 90 * 60  # longest a person sits in the car (a dial-a-ride limit)
log = logging.getLogger("thongthin.care.routing")
Matrix = list[list[int]]


@dataclass(frozen=True)
class Car:
    id: int
    seats: int
    wheelchairs: int
    stretcher: bool = False


@dataclass(frozen=True)
class Leg:
    """One person's trip: ``key`` is (ride id, "out" or "back")."""

    key: tuple[int, str]
    pickup: tuple[float, float]
    drop: tuple[float, float]
    pickup_window: tuple[int, int]
    drop_window: tuple[int, int]
    seats: int
    wheelchairs: int
    stretcher: bool = False
    car: int | None = None  # pinned by the coordinator


@dataclass
class Stop:
    kind: str  # "pickup" or "drop"
    key: tuple[int, str]
    at: int  # seconds after midnight
    point: tuple[float, float]


@dataclass
class Route:
    car: int
    stops: list[Stop] = field(default_factory=list)
    metres: int = 0


@dataclass
class Plan:
    routes: list[Route]
    unserved: list[tuple[int, str]]
    routed: bool = False  # times from a road router, not straight-line estimates


def straight_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_m(*a, *b)


@dataclass(frozen=True)
class Roads:
    """Road distance and driving time between two points, from the straight line."""

    factor: float = 1.3
    kmh: float = 40.0

    def metres(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        return round(straight_metres(a, b) * self.factor)

    def seconds(self, a: tuple[float, float], b: tuple[float, float]) -> int:
        return round(self.metres(a, b) / (self.kmh * 1000 / 3600))

    def matrix(self, points: list[tuple[float, float]]) -> tuple[Matrix, Matrix, bool]:
        """Driving seconds and metres between every two points, and whether a router gave
        them (False: straight-line estimates)."""
        return (
            [[self.seconds(a, b) for b in points] for a in points],
            [[self.metres(a, b) for b in points] for a in points],
            False,
        )


@dataclass(frozen=True)
class RoutedRoads(Roads):
    """Road times and distances from an OSRM server's table service (``url``), in one request
    for the whole day; the straight-line estimate where it fails, is slow or finds no road."""

    url: str = ""
    timeout: float = 5.0

    def matrix(self, points: list[tuple[float, float]]) -> tuple[Matrix, Matrix, bool]:
        seconds, metres, _routed = super().matrix(points)
        # Each place once (a home and a hospital are both ends of two legs): OSRM's table
        # service takes 100 places by default.
        places = list(dict.fromkeys(points))
        where = [places.index(p) for p in points]
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in places)
        query = f"{self.url.rstrip('/')}/table/v1/driving/{coords}?annotations=duration,distance"
        try:
            with urllib.request.urlopen(query, timeout=self.timeout) as answer:  # noqa: S310
                body = json.load(answer)
            if body.get("code") != "Ok":
                raise ValueError(body.get("code"))
            durations, distances = body["durations"], body["distances"]
            routed_seconds = [row[:] for row in seconds]
            routed_metres = [row[:] for row in metres]
            for i, a in enumerate(where):
                for j, b in enumerate(where):
                    if durations[a][b] is not None and distances[a][b] is not None:
                        routed_seconds[i][j] = round(durations[a][b])
                        routed_metres[i][j] = round(distances[a][b])
        except Exception as exc:  # unreachable, slow or malformed: the straight line stands
            log.warning("router %s failed: %s", self.url, exc)
            return seconds, metres, False
        return routed_seconds, routed_metres, True


def fits(car: Car, leg: Leg) -> bool:
    return (
        leg.seats <= car.seats
        and leg.wheelchairs <= car.wheelchairs
        and (car.stretcher or not leg.stretcher)
        and (leg.car is None or leg.car == car.id)
    )


def solve(
    *,
    depot: tuple[float, float],
    cars: list[Car],
    legs: list[Leg],
    roads: Roads,
    seconds: float = 1.0,
    solutions: int = 0,
) -> Plan:
    """Plan the day within ``seconds`` (improving the first plan until then); ``solutions``,
    when given, stops after that many plans instead, whatever the machine's speed (tests)."""
    if not cars or not legs:
        return Plan([Route(car.id) for car in cars], [leg.key for leg in legs])
    points = [depot]
    for leg in legs:
        points += [leg.pickup, leg.drop]
    service = [0] + [PICKUP_SECONDS, DROP_SECONDS] * len(legs)
    travel, metres, routed = roads.matrix(points)
    seats = [0]
    chairs = [0]
    for leg in legs:
        seats += [leg.seats, -leg.seats]
        chairs += [leg.wheelchairs, -leg.wheelchairs]

    manager = pywrapcp.RoutingIndexManager(len(points), len(cars), 0)
    routing = pywrapcp.RoutingModel(manager)

    def time_cb(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return travel[a][b] + service[a]

    def metres_cb(i: int, j: int) -> int:
        return metres[manager.IndexToNode(i)][manager.IndexToNode(j)]

    time_index = routing.RegisterTransitCallback(time_cb)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(metres_cb))
    routing.AddDimension(time_index, WAIT_MAX, 24 * 3600, False, "time")
    clock = routing.GetDimensionOrDie("time")
    for name, demand, caps in (
        ("seats", seats, [car.seats for car in cars]),
        ("chairs", chairs, [car.wheelchairs for car in cars]),
    ):
        index = routing.RegisterUnaryTransitCallback(
            lambda i, demand=demand: demand[manager.IndexToNode(i)]
        )
        routing.AddDimensionWithVehicleCapacity(index, 0, caps, True, name)
    for v in range(len(cars)):
        clock.CumulVar(routing.Start(v)).SetRange(DAY_START, DAY_END)
        clock.CumulVar(routing.End(v)).SetRange(DAY_START, DAY_END)
        # Leave as late and come back as early as the plan allows: nobody waits hours.
        routing.AddVariableMaximizedByFinalizer(clock.CumulVar(routing.Start(v)))
        routing.AddVariableMinimizedByFinalizer(clock.CumulVar(routing.End(v)))
    solver = routing.solver()
    for n, leg in enumerate(legs):
        pickup = manager.NodeToIndex(1 + 2 * n)
        drop = manager.NodeToIndex(2 + 2 * n)
        routing.AddPickupAndDelivery(pickup, drop)
        solver.Add(routing.VehicleVar(pickup) == routing.VehicleVar(drop))
        solver.Add(clock.CumulVar(pickup) <= clock.CumulVar(drop))
        solver.Add(clock.CumulVar(drop) - clock.CumulVar(pickup) <= MAX_RIDE)
        clock.CumulVar(pickup).SetRange(*leg.pickup_window)
        clock.CumulVar(drop).SetRange(*leg.drop_window)
        if leg.key[1] == "back":  # nobody should wait at the hospital long after their visit
            clock.SetCumulVarSoftUpperBound(pickup, leg.pickup_window[0] + 1800, 5)
        allowed = [v for v, car in enumerate(cars) if fits(car, leg)]
        routing.AddDisjunction([pickup], UNSERVED_PENALTY)
        routing.AddDisjunction([drop], UNSERVED_PENALTY)
        if not allowed:
            routing.ActiveVar(pickup).SetValue(0)
            routing.ActiveVar(drop).SetValue(0)
        else:
            # -1 is "not served"; the pair shares its vehicle (constraint above).
            routing.VehicleVar(pickup).SetValues([-1, *allowed])

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        # Inserting each pickup-and-drop pair where it costs least serves every ride that fits
        # from the first plan; parallel insertion left most of a busy day out until the local
        # search had run for seconds (6 of 40 legs at 0.3 s, 26 at 1 s on this machine).
        routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(100, int(seconds * 1000)))
    if solutions:
        params.solution_limit = solutions
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return Plan([Route(car.id) for car in cars], [leg.key for leg in legs], routed)

    routes, served = [], set()
    for v, car in enumerate(cars):
        route = Route(car.id)
        index = routing.Start(v)
        previous = 0
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node:
                leg = legs[(node - 1) // 2]
                kind = "pickup" if node % 2 else "drop"
                at = solution.Value(clock.CumulVar(index))
                route.stops.append(Stop(kind, leg.key, at, points[node]))
                served.add(leg.key)
                route.metres += metres[previous][node]
                previous = node
            index = solution.Value(routing.NextVar(index))
        if route.stops:
            route.metres += metres[previous][0]
        routes.append(route)
    return Plan(routes, [leg.key for leg in legs if leg.key not in served], routed)
