"""The caregiver's phone page: today's visits in the order to drive them, each recorded on the
phone first (kept there while there is no signal) and sent to the API when online; the
service worker that lets the page open again without signal; a visit's photos for staff."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from thongthin.core.http import client_ip
from thongthin.core.models import Attachment
from thongthin.core.services.audit import AuditAction, audit_record
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality, acting_locality_for

from ... import selectors
from ...models import Visit
from ...module import VISIT
from ...services.visits import ACTIVITIES
from ..forms import day_param


@login_required
@not_found_as_404
def my_visits(request):
    locality = acting_locality_for(request, VISIT)
    day = day_param(request)
    rows = selectors.my_visits(
        actor=request.user, locality=locality, day=day, ip=client_ip(request)
    )
    home = (locality.center_lat, locality.center_lon)
    km = {
        v.pk: round(selectors.distance_m(home, (v.person.lat, v.person.lon)) / 1000, 1)
        for v in rows
        if v.person.lat is not None and v.person.lon is not None
    }
    return render(
        request,
        "care/staff/my_visits.html",
        {
            "locality": locality,
            "day": day,
            "rows": rows,
            "km": km,
            "activities": ACTIVITIES,
            "due": Visit.Status.DUE,
        },
    )


@login_required
@not_found_as_404
def visit_photo(request, pk: int, attachment: int):
    locality = acting_locality(request)
    if locality is None:
        raise Http404
    visit = selectors.access_visit(actor=request.user, locality=locality, visit_id=pk)
    if attachment not in visit.photos:
        raise Http404
    row = Attachment.objects.for_locality(locality).filter(pk=attachment).first()
    if row is None:
        raise Http404
    audit_record(
        action=AuditAction.PII_READ, locality=locality, actor=request.user, obj=visit,
        ip=client_ip(request), detail={"what": "care.visit_photo", "attachment": attachment},
    )  # fmt: skip
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def service_worker(request):
    """Keeps the visit page and its files on the phone: network first, the copy without
    signal; the copy is forgotten when the caregiver logs out. Its scope is /staff/ so that it
    sees the log-out; it keeps nothing but the care visit page and two static files."""
    keep = [reverse("care:my_visits"), static("thongthin/site.css"), static("care/visits.js")]
    body = (
        "const CACHE='thongthin-care-v1';"
        f"const KEEP={json.dumps(keep)};const LOGOUT={json.dumps(reverse('staff:logout'))};"
        "self.addEventListener('install',e=>{e.waitUntil(caches.open(CACHE)"
        ".then(c=>c.addAll(KEEP)).catch(()=>{}));self.skipWaiting();});"
        "self.addEventListener('activate',e=>{e.waitUntil(self.clients.claim());});"
        "self.addEventListener('fetch',e=>{const r=e.request;const u=new URL(r.url);"
        "if(u.origin!==location.origin)return;"
        # Logging out forgets the kept copy of the page (names, addresses) on this phone.
        "if(r.method==='POST'&&u.pathname===LOGOUT){e.waitUntil(caches.delete(CACHE));return;}"
        "if(r.method!=='GET'||!KEEP.includes(u.pathname))return;"
        "e.respondWith(fetch(r).then(res=>{const copy=res.clone();"
        "if(res.ok&&!res.redirected)caches.open(CACHE).then(c=>c.put(u.pathname,copy));"
        "return res;})"
        ".catch(()=>caches.match(u.pathname)));});"
    )
    response = HttpResponse(body, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/staff/"
    return response
