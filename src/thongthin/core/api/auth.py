"""Who is calling: a staff session or a locality's API key, as one :class:`Principal`."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from .. import modules
from ..errors import NotFound
from ..http import client_ip  # noqa: F401  (API functions take it from here)
from ..models import ApiKey, Locality, User
from ..selectors import access_locality, staff_locality
from ..services.apikeys import apikey_authenticate


@dataclass(frozen=True)
class Principal:
    locality: Locality
    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def actor(self) -> User | ApiKey | None:
        """Who acts: the staff member, or the API key of an integration."""
        return self.user if self.user is not None else self.api_key

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.username
        return f"api:{self.api_key.name}" if self.api_key else "anonymous"


class KeyHeader(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return apikey_authenticate(key or "")


class KeyBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return apikey_authenticate(token)


class StaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user  # type: ignore[return-value]
        return None


STAFF_OR_KEY = [KeyHeader(), KeyBearer(), StaffSession()]
STAFF_ONLY = [StaffSession()]


def principal_of(request: HttpRequest, locality_slug: str | None = None) -> Principal:
    """The caller and the locality it acts in (platform admins pick one with ?locality=)."""
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ApiKey):
        modules.require_enabled(auth.locality)
        return Principal(locality=auth.locality, api_key=auth)
    if isinstance(auth, User):
        requested = access_locality(locality_slug) if locality_slug else None
        return Principal(locality=staff_locality(auth, requested), user=auth)
    raise NotFound()
