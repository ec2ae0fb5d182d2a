"""Turning domain errors into form errors and pages, never 500s."""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import render

from ..errors import DomainError, NotFound, PermissionDenied


def not_found_as_404(view):
    """Staff pages: "not found" is Django's 404 page; a refusal is a 403 page that says why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None
        except PermissionDenied as exc:
            return render(
                request, "thongthin/staff/forbidden.html", {"message": exc.message}, status=403
            )

    return wrapper


def error_text(exc: DomainError) -> str:
    return f"{exc.message} [{exc.code}]"
