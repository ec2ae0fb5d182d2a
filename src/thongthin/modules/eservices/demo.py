"""Demo data for e-services: the starting catalogue in each demo locality (idempotent)."""

from __future__ import annotations

from .services import catalogue_seed


def load(localities: list) -> None:
    for locality in localities:
        catalogue_seed(locality)
