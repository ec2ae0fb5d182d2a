"""The platform admin's localities: the list with what each lacks, and onboarding a new one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ... import modules
from ...errors import DomainError
from ...http import client_ip
from ...models import Locality
from ...services.staff import (
    StaffIn,
    locality_onboard,
)
from ..admin_forms import (
    LocalityCreateForm,
)
from ..errors import not_found_as_404
from ._common import _fail

# -- the platform: localities and onboarding --------------------------------------------------


def _platform(request) -> None:
    if not request.user.is_platform_admin:
        raise Http404()


@login_required
@not_found_as_404
def localities(request):
    _platform(request)
    status, created, link = 200, None, ""
    form = LocalityCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, _admin, url = locality_onboard(
                    actor=request.user,
                    slug=data["slug"],
                    type=data["type"],
                    name_th=data["name_th"],
                    name_en=data["name_en"],
                    province_id=data["province"].pk,
                    center_lat=data["center_lat"],
                    center_lon=data["center_lon"],
                    subdistrict_codes=data["subdistrict_codes"],
                    admin=StaffIn(
                        first_name=data["admin_first_name"],
                        last_name=data["admin_last_name"],
                        email=data["admin_email"],
                        phone=data["admin_phone"],
                    ),
                    channel=data["channel"],
                    ip=client_ip(request),
                )
                link = url if data["channel"] == "link" else ""
                form = LocalityCreateForm()
            except DomainError as exc:
                fields = {
                    "slug_taken": "slug",
                    "slug_reserved": "slug",
                    "subdistrict_province": "subdistrict_codes",
                    "centre_required": "center_lat",
                    "location_outside_thailand": "center_lat",
                }
                field = fields.get(exc.code) or f"admin_{exc.code.split('_')[0]}"
                status = _fail(form, exc, field)
        else:
            status = 422
    listed = Locality.objects.select_related("province").order_by("name_th")
    if request.GET.get("q"):
        listed = listed.filter(name_th__icontains=request.GET["q"]) | listed.filter(
            slug__icontains=request.GET["q"]
        )
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    rows = [(loc, [item for _m, item, done in modules.readiness(loc) if not done]) for loc in page]
    return render(
        request,
        "thongthin/staff/admin/localities.html",
        {"form": form, "rows": rows, "page": page, "created": created, "link": link},
        status=status,
    )
