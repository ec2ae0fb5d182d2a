"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2), XML and JSON.

One endpoint serves every locality, so ``jurisdiction_id`` is required: the locality's slug
or its web domain (``nakhoncity.go.th``). Services are the locality's complaint categories
(``service_code`` = category code), requests are its complaints (``service_request_id`` = the
case number). Only POST needs an ``api_key``: one of the locality's API keys. Errors use the
spec's format: ``[{"code", "description"}]`` or ``<errors><error>…``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from thongthin.core import modules
from thongthin.core.access import has_capability
from thongthin.core.errors import DomainError, NotFound
from thongthin.core.http import client_ip
from thongthin.core.models import Attachment, Case, Locality
from thongthin.core.models.cases import Channel
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.apikeys import apikey_authenticate
from thongthin.core.workflow import get_case_kind

from . import selectors, services
from .models import Category, Complaint
from .module import FILE
from .workflow import OPEN_STATES

SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_REQUESTS = 1000
# Deeper than this, narrow the dates instead (a page far down is an expensive OFFSET).
MAX_PAGE = 1000
MAX_RANGE = timedelta(days=90)


class Open311Error(Exception):
    def __init__(self, status: int, code: str | int, description: str) -> None:
        self.status, self.code, self.description = status, code, description


def _render(fmt: str, data, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
        )
    element = ET.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        _to_xml(element if root == item else ET.SubElement(element, item), entry)
    body = ET.tostring(element, encoding="unicode", xml_declaration=False)
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>' + body,
        status=status,
        content_type="text/xml; charset=utf-8",
    )


def _to_xml(parent: ET.Element, value, tag: str | None = None) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, list):
                child_tag = {
                    "attributes": "attribute",
                    "values": "value",
                    "endpoints": "endpoint",
                    "formats": "format",
                }.get(key, key.rstrip("s"))
                holder = ET.SubElement(parent, key)
                for entry in inner:
                    node = ET.SubElement(holder, child_tag)
                    _to_xml(node, entry)
            else:
                node = ET.SubElement(parent, key)
                _to_xml(node, inner)
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    elif value is not None:
        parent.text = str(value)


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    """GeoReport v2 errors: ``code`` is the HTTP status; the description says what is wrong."""
    data = [{"code": error.status, "description": error.description}]
    return _render(fmt, data, "errors", "error", status=error.status)


def _endpoint(view):
    def wrapper(request, fmt: str, **kwargs):
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as error:
            return _errors(fmt, error)
        except DomainError as exc:
            status = (
                404 if exc.http_status == 404 else 403 if exc.http_status in (401, 403) else 400
            )
            return _errors(fmt, Open311Error(status, exc.code, exc.message))

    wrapper.__name__ = view.__name__
    return csrf_exempt(wrapper)


def _param(request, name: str) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or request.GET.get(name) or "").strip()


def _jurisdiction(request) -> Locality:
    value = _param(request, "jurisdiction_id").lower()
    if not value:
        # The spec lets a client leave it out where one jurisdiction is served.
        serving = [
            loc
            for loc in Locality.objects.filter(is_active=True)
            if modules.enabled_in(loc, "complaints")
        ][:2]
        if len(serving) == 1:
            return serving[0]
        raise Open311Error(400, 400, gettext("jurisdiction_id is required."))
    value = value.removeprefix("www.")
    locality = Locality.objects.filter(slug=value, is_active=True).first()
    if locality is None:
        for candidate in Locality.objects.filter(is_active=True).exclude(website=""):
            host = (urlparse(candidate.website).hostname or "").removeprefix("www.")
            if host == value:
                locality = candidate
                break
    if locality is None:
        raise Open311Error(404, 404, f"jurisdiction_id {value!r} not found.")
    modules.require_enabled(locality)  # a locality without complaints has no Open311 either
    return locality


def _stamp(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category: Category) -> dict:
    if category.sla_mode == "working":
        window = gettext("%(name)s. Service window: %(hours)s working hours")
    else:
        window = gettext("%(name)s. Service window: %(hours)s hours")
    return {
        "service_code": category.code,
        "service_name": category.name_th,
        "description": window % {"name": category.name_en, "hours": category.sla_hours},
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ", ".join(category.keywords.split()),
        "group": category.department.name_th if category.department is not None else "",
    }


@_endpoint
def discovery(request, fmt: str):
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    contact = settings.THONGTHIN["OPERATOR_CONTACT"]
    if _param(request, "jurisdiction_id"):
        locality = _jurisdiction(request)
        contact = " · ".join(v for v in (locality.email, locality.phone) if v) or contact
    return _render(
        fmt,
        {
            "changeset": "2026-11-23T00:00:00+07:00",
            "contact": contact,
            # Each locality's admin issues keys on this page (scope: filing complaints).
            "key_service": f"{base}/staff/admin/keys/",
            "endpoints": [
                {
                    "specification": SPEC,
                    "url": f"{base}/open311/v2",
                    "changeset": "2026-11-23T00:00:00+07:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        "discovery",
        "discovery",
    )


@_endpoint
def service_list(request, fmt: str):
    locality = _jurisdiction(request)
    categories = selectors.categories(locality=locality)
    return _render(fmt, [_service(c) for c in categories], "services", "service")


@_endpoint
def service_definition(request, fmt: str, code: str):
    locality = _jurisdiction(request)
    category = selectors.categories(locality=locality).filter(code=code).first()
    if category is None:
        raise Open311Error(404, 404, f"service_code {code!r} not found.")
    attributes = [
        {
            "variable": True,
            "code": a["code"],
            "datatype": a.get("datatype", "string"),
            "required": bool(a.get("required")),
            "datatype_description": a.get("datatype_description", ""),
            "order": order,
            "description": a.get("description", ""),
            **({"values": a["values"]} if a.get("values") else {}),
        }
        for order, a in enumerate(category.attributes, start=1)
    ]
    return _render(
        fmt,
        {"service_code": category.code, "attributes": attributes},
        "service_definition",
        "service_definition",
    )


_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def _attributes(request) -> dict:
    answers: dict = {}
    for key in request.POST:
        match = _ATTRIBUTE.match(key)
        if match:
            values = request.POST.getlist(key)
            answers[match.group(1)] = values if match.group(2) else values[0]
    return answers


def _float(request, name: str) -> float | None:
    value = _param(request, name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise Open311Error(400, "invalid_" + name, f"{name} must be a number.") from None


def _create(request, fmt: str, locality: Locality) -> HttpResponse:
    key = apikey_authenticate(_param(request, "api_key"))
    if key is None or key.locality_id != locality.pk or not has_capability(key, locality, FILE):
        raise Open311Error(403, 403, "api_key is missing or not valid for this jurisdiction.")
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, 400, "service_code is required.")
    if not selectors.categories(locality=locality).filter(code=code).exists():
        raise Open311Error(404, 404, f"service_code {code!r} not found.")
    lat, lon = _float(request, "lat"), _float(request, "long")
    if (lat is None or lon is None) and not _param(request, "address_string"):
        raise Open311Error(400, 400, "lat and long, or address_string, are required.")
    description = _param(request, "description")
    if "<" in description and ">" in description:
        raise Open311Error(400, "description_html", "description must not contain HTML.")
    name = " ".join(p for p in (_param(request, "first_name"), _param(request, "last_name")) if p)
    phone, email = _param(request, "phone"), _param(request, "email")
    complaint = services.complaint_create(
        locality=locality,
        description=description or Category.objects.for_locality(locality).get(code=code).name_th,
        category_code=code,
        channel=Channel.OPEN311,
        lat=lat,
        lon=lon,
        address=_param(request, "address_string"),
        reporter=ReporterIn(name=name, phone=phone, email=email),
        attributes=_attributes(request),
        media_url=_param(request, "media_url"),
        unplaced_ok=True,
        actor_label=f"open311:{key.name}",
        ip=client_ip(request),
    )
    notice = (
        gettext("The request was received; due by %(due)s.")
        % {"due": _stamp(complaint.case.sla_due_at)}
        if complaint.case.sla_due_at
        else gettext("The request was received.")
    )
    data = [
        {"service_request_id": complaint.case.number, "service_notice": notice, "account_id": None}
    ]
    return _render(fmt, data, "service_requests", "request", status=201)


def _request_rows(complaints) -> list[dict]:
    workflow = get_case_kind("complaint").workflow
    base = settings.THONGTHIN["PUBLIC_BASE_URL"]
    complaints = list(complaints)
    case_ids = [c.case_id for c in complaints]
    media: dict[int, str] = {}
    for case_id, pk, sha in (
        Attachment.objects.unscoped()
        .filter(case_id__in=case_ids, public=True, content_type__startswith="image/")
        .order_by("-id")
        .values_list("case_id", "pk", "sha256")
    ):
        media[case_id] = f"{base}/files/{pk}-{sha[:16]}/file/"
    notes: dict[int, str] = {}
    for case_id, message in (
        Case.objects.unscoped()
        .filter(pk__in=case_ids)
        .values_list("pk", "events__message")
        .filter(events__public=True, events__kind="transition")
        .order_by("events__at")
    ):
        if message:
            notes[case_id] = message
    rows = []
    for complaint in complaints:
        case = complaint.case
        state = workflow.state(case.status)
        rows.append(
            {
                "service_request_id": case.number,
                "status": "closed" if state.closed else "open",
                "status_notes": notes.get(case.pk) or str(state.label),
                "service_name": complaint.category.name_th if complaint.category_id else "",
                "service_code": complaint.category.code if complaint.category_id else "",
                "description": case.description,
                "agency_responsible": complaint.forwarded_to
                or (case.department.name_th if case.department_id else case.locality.name_th),
                "service_notice": "",
                "requested_datetime": _stamp(case.created_at),
                "updated_datetime": _stamp(case.closed_at or case.updated_at),
                "expected_datetime": _stamp(case.sla_due_at),
                "address": case.address,
                "address_id": "",
                "zipcode": case.subdistrict.postcode if case.subdistrict_id else "",
                "lat": case.lat,
                "long": case.lon,
                "media_url": media.get(case.pk) or complaint.media_url,
            }
        )
    return rows


def _date(request, name: str) -> datetime | None:
    value = _param(request, name)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise Open311Error(
            400,
            "invalid_" + name,
            f"{name} must be ISO 8601 with a time zone (2026-01-01T00:00:00Z).",
        )
    return parsed


def _search(request, fmt: str, locality: Locality) -> HttpResponse:
    complaints = (
        Complaint.objects.for_locality(locality)
        .select_related(
            "case", "category", "case__department", "case__subdistrict", "case__locality"
        )
        .order_by("-case__created_at", "-case_id")
    )
    ids = [v.strip() for v in _param(request, "service_request_id").split(",") if v.strip()]
    if len(ids) > MAX_REQUESTS:
        raise Open311Error(
            400, "too_many_ids", f"At most {MAX_REQUESTS} service_request_id values at once."
        )
    if ids:
        complaints = complaints.filter(case__number__in=ids)
    else:
        codes = [v for v in _param(request, "service_code").split(",") if v]
        if codes:
            complaints = complaints.filter(category__code__in=codes)
        end = _date(request, "end_date") or timezone.now()
        start = _date(request, "start_date") or end - MAX_RANGE
        if end - start > MAX_RANGE:
            raise Open311Error(400, "date_range", "start_date to end_date is at most 90 days.")
        complaints = complaints.filter(case__created_at__gte=start, case__created_at__lte=end)
        statuses = {v for v in _param(request, "status").split(",") if v}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "invalid_status", "status is open, closed or both.")
        if statuses == {"open"}:
            complaints = complaints.filter(case__status__in=OPEN_STATES)
        elif statuses == {"closed"}:
            complaints = complaints.exclude(case__status__in=OPEN_STATES)
    try:
        page_size = min(MAX_REQUESTS, max(1, int(_param(request, "page_size") or MAX_REQUESTS)))
        page = max(1, int(_param(request, "page") or 1))
    except ValueError:
        raise Open311Error(400, "invalid_page", "page and page_size are numbers.") from None
    if page > MAX_PAGE:
        raise Open311Error(400, "invalid_page", f"page is at most {MAX_PAGE}.")
    chosen = complaints[(page - 1) * page_size : page * page_size]
    return _render(fmt, _request_rows(chosen), "service_requests", "request")


@_endpoint
def requests(request, fmt: str):
    locality = _jurisdiction(request)
    if request.method == "POST":
        return _create(request, fmt, locality)
    if request.method != "GET":
        raise Open311Error(405, 405, "GET or POST only.")
    return _search(request, fmt, locality)


@_endpoint
def request_detail(request, fmt: str, number: str):
    locality = _jurisdiction(request)
    try:
        complaint = selectors.access_public_complaint(locality=locality, number=number)
    except NotFound:
        raise Open311Error(404, 404, f"service_request_id {number!r} not found.") from None
    rows = _request_rows(
        Complaint.objects.for_locality(locality)
        .select_related(
            "case", "category", "case__department", "case__subdistrict", "case__locality"
        )
        .filter(pk=complaint.pk)
    )
    return _render(fmt, rows, "service_requests", "request")


@_endpoint
def token(request, fmt: str, token: str):
    """Requests are created in real time, so the token is the case's tracking code."""
    locality = _jurisdiction(request)
    try:
        case = selectors.access_complaint_by_tracking(locality=locality, code=token).case
    except NotFound:
        raise Open311Error(404, 404, "token not found.") from None
    data = [{"service_request_id": case.number, "token": token}]
    return _render(fmt, data, "service_requests", "request")


FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, service_list, name="open311-services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FMT, service_definition, name="open311-service"),
    re_path(r"^requests" + FMT, requests, name="open311-requests"),
    re_path(r"^requests/(?P<number>[^/]+?)" + FMT, request_detail, name="open311-request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, token, name="open311-token"),
]
