"""The citizen's SOS page: a phone number, the location and a few words."""

from __future__ import annotations

from django.shortcuts import render

from thongthin.core.errors import DomainError
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.cases import tracking_url
from thongthin.core.views.errors import not_found_as_404

from .. import services
from ._common import decimal, ip_of

# The SOS this browser sent (tracking codes), in its session.
SENT_KEY = "ems_sos_sent"


@not_found_as_404
def sos(request, slug: str):
    locality = access_locality(slug)
    context: dict = {"locality": locality, "values": {}, "error": ""}
    status = 200
    if request.method == "POST":
        values = request.POST
        context["values"] = values
        try:
            rate_limit_check(scope="ems-sos", ident=ip_of(request) or "-")
            incident, created = services.sos_create(
                locality=locality,
                citizen=ReporterIn(phone=values.get("phone", "")),
                lat=decimal(values.get("lat"), field="lat"),
                lon=decimal(values.get("lon"), field="lon"),
                reason=values.get("reason", ""),
            )
            # A repeat finds the SOS already open for that phone number, which anyone may type:
            # its number and tracking link only go back to the browser that sent it.
            sent = request.session.get(SENT_KEY, [])
            if created:
                request.session[SENT_KEY] = [*sent, incident.case.tracking_code][-5:]
            shown = created or incident.case.tracking_code in sent
            return render(
                request,
                "ems/portal/sos_sent.html",
                {
                    "locality": locality,
                    "case": incident.case if shown else None,
                    "created": created,
                    "tracking_url": tracking_url(incident.case) if shown else "",
                },
                status=201 if created else 200,
            )
        except DomainError as exc:
            # Plain words for the citizen; the code only as data for machines and tests.
            context["error"], context["error_code"] = exc.message, exc.code
            status = exc.http_status
    return render(request, "ems/portal/sos.html", context, status=status)
