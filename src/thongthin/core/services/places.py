"""Where a case is: the locality's sub-district centres (cached per process) and the one
nearest a point."""

from __future__ import annotations

import math
import time

from ..models import Locality

# Per process: locality id -> (expires, [(sub-district id, lat, lon)]). Sub-districts of a
# locality change rarely; a minute of staleness costs nothing and saves a query per case.
_CENTRES: dict[int, tuple[float, list[tuple[int, float, float]]]] = {}
CENTRES_SECONDS = 60.0


def locality_centres(locality: Locality) -> list[tuple[int, float, float]]:
    now = time.monotonic()
    cached = _CENTRES.get(locality.pk)
    if cached is not None and cached[0] > now:
        return cached[1]
    centres = [
        (pk, float(lat), float(lon))
        for pk, lat, lon in locality.subdistricts.values_list("pk", "lat", "lon")
        if lat is not None and lon is not None
    ]
    _CENTRES[locality.pk] = (now + CENTRES_SECONDS, centres)
    return centres


def _nearest_subdistrict_id(locality: Locality, lat: float, lon: float) -> int | None:
    scale = math.cos(math.radians(lat))
    best = min(
        locality_centres(locality),
        key=lambda c: (c[1] - lat) ** 2 + ((c[2] - lon) * scale) ** 2,
        default=None,
    )
    return best[0] if best else None
