"""The public CAP 1.2 feed of a locality's warnings (Atom, and each alert's CAP file)."""

from __future__ import annotations

from django.http import HttpResponse

from thongthin.core.selectors import access_locality
from thongthin.core.views.errors import not_found_as_404

from .. import cap, selectors


@not_found_as_404
def cap_feed(request, slug: str):
    locality = access_locality(slug)
    issued = selectors.published_alerts(locality=locality)
    return HttpResponse(cap.atom_feed(locality, issued), content_type="application/atom+xml")


@not_found_as_404
def cap_alert(request, slug: str, identifier: str):
    alert = selectors.access_published_alert(locality=access_locality(slug), identifier=identifier)
    return HttpResponse(cap.cap_xml(alert), content_type="application/cap+xml")
