"""Who is on the other end of a request: the client's address, trusting a forwarded address
only from the proxies the operator named (``THONGTHIN_TRUSTED_PROXIES``)."""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import TypedDict

from django.conf import settings
from django.http import HttpRequest


@cache
def _trusted() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(entry, strict=False)
        for entry in settings.THONGTHIN["TRUSTED_PROXIES"]
        if entry
    )


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted())


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind a trusted proxy, the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (what a client cannot forge); anywhere
    else the peer's own address, whatever headers it sends."""
    peer = request.META.get("REMOTE_ADDR") or ""
    if not peer or not _is_trusted(peer):
        return peer or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_trusted(hop):
            return hop
    return peer


def client_network(request: HttpRequest) -> str | None:
    """What throttles count: the client's address, or for IPv6 the first address of its /64
    (one subscriber's whole prefix; otherwise a client could change address at every try)."""
    return address_bucket(client_ip(request))


def address_bucket(address: str | None) -> str | None:
    if not address:
        return address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return address


class Retry(TypedDict):
    key: str | None
    body: bytes


def retry_of(request: HttpRequest) -> Retry:
    """What ``services.idempotency.idempotent_call`` needs of a request: the client's
    Idempotency-Key and the body it must match."""
    return {"key": request.headers.get("Idempotency-Key"), "body": request.body}
