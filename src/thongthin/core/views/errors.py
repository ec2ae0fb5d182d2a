"""Turning domain errors into form errors and pages, never 500s."""

from __future__ import annotations

from functools import wraps

from django.http import Http404

from ..errors import DomainError, NotFound


def not_found_as_404(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None

    return wrapper


def error_text(exc: DomainError) -> str:
    return f"{exc.message} [{exc.code}]"
