"""The locality's profile (names, contacts, map, sub-districts, modules) and its LINE account."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ...errors import DomainError
from ...http import client_ip
from ...models import Locality
from ...services.accounts import locality_update
from ...services.line import line_bot_info, line_quota
from ..admin_forms import (
    LineForm,
    LocalityProfileForm,
)
from ..errors import not_found_as_404
from ._common import _admin_locality, _fail

# -- the locality's profile and LINE account ------------------------------------------------


def _profile_initial(locality: Locality) -> dict:
    """The profile form's fields as the locality has them (the form's own field names)."""
    values = {
        name: getattr(locality, name)
        for name in LocalityProfileForm.base_fields
        if name not in ("boundary", "boundary_file", "subdistricts")
    }
    return {
        **values,
        "boundary": json.dumps(locality.boundary, ensure_ascii=False) if locality.boundary else "",
        "subdistricts": list(locality.subdistricts.values_list("pk", flat=True)),
    }


# Where a refusal of locality_update belongs on the forms.
LOCALITY_ERROR_FIELDS = {
    "centre_outside_boundary": "boundary",
    "boundary_invalid": "boundary",
    "location_outside_thailand": "center_lat",
    "subdistrict_province": "subdistricts",
    "unknown_module": "modules_enabled",
}


def _locality_save(request, locality: Locality, form) -> tuple[bool, int]:
    """Save a valid profile or LINE form; (saved, status), a refusal put next to its field."""
    try:
        locality_update(
            locality=locality, actor=request.user, ip=client_ip(request), **form.cleaned_data
        )
    except DomainError as exc:
        field = LOCALITY_ERROR_FIELDS.get(exc.code, exc.code.removesuffix("_required"))
        return False, _fail(form, exc, field)
    return True, 200


@login_required
@not_found_as_404
def profile(request):
    locality = _admin_locality(request)
    status, saved = 200, False
    if request.method == "POST":
        form = LocalityProfileForm(request.POST, request.FILES, province=locality.province)
        if form.is_valid():
            saved, status = _locality_save(request, locality, form)
        else:
            status = 422
    else:
        form = LocalityProfileForm(initial=_profile_initial(locality), province=locality.province)
    return render(
        request,
        "thongthin/staff/admin/profile.html",
        {"locality": locality, "form": form, "saved": saved},
        status=status,
    )


@login_required
@not_found_as_404
def line(request):
    locality = _admin_locality(request)
    status, saved, check = 200, False, None
    form = LineForm(initial={"line_channel_id": locality.line_channel_id})
    if request.method == "POST" and request.POST.get("check"):
        check = line_bot_info(locality=locality)
    elif request.method == "POST":
        form = LineForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data["line_channel_access_token"]
            # A new token is saved only once LINE has accepted it.
            check = line_bot_info(token=token) if token else None
            if check is not None and not check.ok:
                form.add_error("line_channel_access_token", check.text)
                status, check = 422, None
            else:
                saved, status = _locality_save(request, locality, form)
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/line.html",
        {
            "locality": locality,
            "form": form,
            "saved": saved,
            "check": check,
            "webhook_url": f"{settings.THONGTHIN['PUBLIC_BASE_URL']}/line/webhook/{locality.slug}/",
            "has_secret": bool(locality.line_channel_secret),
            "has_token": bool(locality.line_channel_access_token),
            "quota": line_quota(locality=locality) if locality.has_line else None,
        },
        status=status,
    )
