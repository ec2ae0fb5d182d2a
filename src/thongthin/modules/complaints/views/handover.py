"""The page an organisation reaches from the forwarding e-mail: the case, and a form to post
progress or close its part. No account: the secret link is the key, for this case only."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from thongthin.core.errors import DomainError
from thongthin.core.ratelimit import rate_limit_check
from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404

from .. import services
from ._common import _ip


@never_cache
@not_found_as_404
def handover(request, slug: str, token: str):
    locality = access_locality(slug)
    found = services.handover_get(token)
    if found.locality_id != locality.pk:
        return render(request, "404.html", status=404)
    context: dict = {"locality": locality, "handover": found, "values": {}}
    status = 200
    if request.method == "POST":
        context["values"] = request.POST
        try:
            rate_limit_check(
                scope="handover",
                ident=f"{found.pk}:{_ip(request) or ''}",
                rate=settings.THONGTHIN["PUBLIC_WRITE_RATE"],
            )
            found = services.handover_post(
                token=token,
                message=request.POST.get("message", ""),
                close=bool(request.POST.get("close")),
                ip=_ip(request),
            )
            context.update(handover=found, posted=True, values={})
        except DomainError as exc:
            context["error"], context["error_code"] = exc.message, exc.code
            status = exc.http_status
    case = found.complaint.case
    context.update(
        case=case,
        photos=case.attachments.filter(public=True),
        events=case.events.filter(public=True).order_by("-at")[:20],
    )
    return render(request, "complaints/portal/handover.html", context, status=status)
