"""The open-data files (CSV in Traffy's layout, GeoJSON), written to disk at most every few
minutes per locality and served from there in chunks.

Anyone may download them, so a download must not cost a fresh walk of every complaint: with
100,000 complaints one file is ~36 MB and took ~9 s of a worker to build, and under ASGI Django
reads a synchronous stream whole into memory before sending it (eight downloads at once held
1.4 GB). Here one process builds the file while the others wait for it (a file lock), the
result is renamed into place, and every download streams the same file
(``core.downloads``).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import time
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection

from thongthin.core.models import Locality

from . import selectors

FORMATS = ("csv", "geojson")


def _folder() -> Path:
    # One folder per database: test runs in parallel share the var folder, not their data.
    database = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:12]
    folder = settings.VAR_DIR / "exports" / database
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_file(locality: Locality, fmt: str) -> Path:
    """The locality's open-data file in ``fmt``, built again when older than
    ``OPEN_DATA_MAX_AGE_SECONDS``. While one request builds it, the others get the previous
    file at once; only the very first build is waited for."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    # The locality's row by its id and creation time: a database made again (a new demo, a
    # test rolled back) that gives the same id to another locality does not get its file.
    stamp = int(locality.created_at.timestamp() * 1_000_000) if locality.created_at else 0
    path = _folder() / f"{locality.pk}-{stamp}-complaints.{fmt}"
    max_age = float(settings.THONGTHIN["OPEN_DATA_MAX_AGE_SECONDS"])
    if _fresh(path, max_age):
        return path
    with open(f"{path}.lock", "a") as lock:
        try:
            # One builder; with a file to give, the others do not wait for it.
            fcntl.flock(lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if path.exists() else 0))
        except BlockingIOError:
            return path
        try:
            if _fresh(path, max_age):
                return path
            _build(locality, fmt, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return path


def _build(locality: Locality, fmt: str, path: Path) -> None:
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            (_write_csv if fmt == "csv" else _write_geojson)(locality, base, out)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _fresh(path: Path, max_age: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime < max_age
    except FileNotFoundError:
        return False


def _write_csv(locality: Locality, base: str, out: IO[str]) -> None:
    out.write("\ufeff")  # a BOM, as Traffy's files have, for Excel
    writer = csv.DictWriter(out, fieldnames=selectors.EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(selectors.export_rows(locality, base))


def _write_geojson(locality: Locality, base: str, out: IO[str]) -> None:
    out.write('{"type":"FeatureCollection","features":[')
    first = True
    for row in selectors.export_rows(locality, base):
        if not row["coords"]:
            continue
        lon, lat = (float(v) for v in row["coords"].split(","))
        properties = {k: v for k, v in row.items() if k != "coords"}
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties,
        }
        out.write(("" if first else ",") + json.dumps(feature, ensure_ascii=False, default=str))
        first = False
    out.write("]}")
