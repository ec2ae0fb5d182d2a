"""The log-in throttle's authentication backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock check for every log-in that comes with a request (the staff log-in
    form, Django's admin through it). A call without one (``Client.login()`` in tests, the
    shell) comes from no address and no network, so there is nothing to throttle."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:  # type: ignore[override]
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
