from .portal import catalogue, service

__all__ = ["catalogue", "service"]
