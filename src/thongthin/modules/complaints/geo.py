"""Distances, H3 neighbourhoods and point-in-polygon for complaints (no GDAL needed)."""

from __future__ import annotations

import math

import h3
from django.conf import settings

from thongthin.core.geo import distance_m, point_in_geojson

# Without a boundary, a point further than this from every sub-district centre of the locality
# is taken to be outside its area.
FALLBACK_AREA_RADIUS_M = 8_000
MAP_RESOLUTIONS = (5, 7, 9)


def cells_within(lat: float, lon: float, radius_m: float) -> list[str]:
    """The stored-resolution H3 cells that cover a circle of ``radius_m`` around the point."""
    resolution = settings.THONGTHIN["H3_RESOLUTION"]
    edge = h3.average_hexagon_edge_length(resolution, unit="m")
    k = max(1, math.ceil(radius_m / (edge * 1.5)) + 1)
    return list(h3.grid_disk(h3.latlng_to_cell(lat, lon, resolution), k))


def map_cells(lat: float, lon: float) -> dict[int, str]:
    return {res: h3.latlng_to_cell(lat, lon, res) for res in MAP_RESOLUTIONS}


def inside_locality(locality, lat: float, lon: float) -> bool:
    if locality.boundary:
        return point_in_geojson(locality.boundary, lat, lon)
    from thongthin.core.services.places import locality_centres

    centres = [(lat_, lon_) for _, lat_, lon_ in locality_centres(locality)]
    if locality.center_lat is not None and locality.center_lon is not None:
        centres.append((float(locality.center_lat), float(locality.center_lon)))
    if not centres:
        return True
    return min(distance_m(lat, lon, a, b) for a, b in centres) <= FALLBACK_AREA_RADIUS_M
