"""What every administration page shares: the locality administered and form errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ... import modules
from ...errors import DomainError, NotFound, PermissionDenied
from ...models import Locality
from ...module import ADMINISTER
from ..errors import not_found_as_404
from ..staff import acting_locality_for


def _admin_locality(request) -> Locality:
    """The locality administered. A platform admin's forms say which locality they were
    opened for: a form sent after another tab switched locality changes nothing."""
    locality = acting_locality_for(request, ADMINISTER)
    if (
        request.method == "POST"
        and request.user.is_platform_admin
        and request.POST.get("locality") != locality.slug
    ):
        raise PermissionDenied(
            _("This page was opened for another locality. Open it again and repeat."),
            code="locality_changed",
        )
    return locality


def _fail(form, exc: DomainError, field: str | None = None) -> int:
    """Put a domain error on the form (next to ``field`` when it names one) and give the
    status to answer with."""
    if isinstance(exc, NotFound):
        raise exc
    form.add_error(field if field in form.fields else None, exc.message)
    return exc.http_status


@login_required
@not_found_as_404
def admin_home(request):
    if request.user.is_platform_admin and not (
        request.GET.get("locality") or request.session.get("acting_locality")
    ):
        return redirect("staff:admin-localities")
    locality = _admin_locality(request)
    sections = [
        (module, section, reverse("staff:admin-list", args=[module.name, section.code]))
        for module, section in modules.admin_sections(locality)
    ]
    checklist = [
        (
            item,
            done,
            reverse(f"staff:{item.url_name}", kwargs=dict(item.kwargs)) if item.url_name else "",
        )
        for _m, item, done in modules.readiness(locality)
    ]
    return render(
        request,
        "thongthin/staff/admin/home.html",
        {
            "locality": locality,
            "sections": sections,
            "checklist": checklist,
            "ready": all(done for _i, done, _u in checklist),
        },
    )
