"""The one-stop centre's figures for a period: applications by service, status and month;
processing time against each service's legal time limit and the share decided on time; open
applications past their limit by division; fees by service and fiscal year (the receipts not
voided, so the totals match the receipt book); the counter queue's waiting and serving times by
hour; appointments; the applicants' satisfaction. As a page and as CSV."""

from __future__ import annotations

import io
from collections import Counter as Tally
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import mean, median

from django.utils import timezone
from django.utils.translation import gettext as _

from thongthin.core import thai
from thongthin.core.access import require_capability
from thongthin.core.csvout import csv_writer
from thongthin.core.errors import ValidationFailed
from thongthin.core.i18n import localized
from thongthin.core.models import Case, Locality, User
from thongthin.core.services.ratings import ratings_summary
from thongthin.core.workflow import closed_statuses

from .models import Application, Appointment, Payment, Ticket
from .module import VIEW
from .workflow import APPLICATION

SPAN_DAYS_MAX = 3 * 366


def period(start: date | None, end: date | None, now: datetime | None = None) -> tuple[date, date]:
    """The period asked for, by default the fiscal year so far (from 1 October)."""
    today = thai.to_bangkok(now or timezone.now()).date()
    end = end or today
    if start is None:
        start = thai.fiscal_year_bounds(thai.fiscal_year_be(end))[0]
    if start > end or (end - start).days > SPAN_DAYS_MAX:
        raise ValidationFailed(
            _("Choose a period of up to three years, its start before its end."),
            code="period_invalid",
        )
    return start, end


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=thai.BANGKOK)


def _working_days(start: datetime, end: datetime) -> int:
    """Working days from one moment to another (Bangkok days, holidays skipped)."""
    first, last = thai.to_bangkok(start).date(), thai.to_bangkok(end).date()
    days, count = first, 0
    while days < last:
        days += timedelta(days=1)
        count += thai.is_working_day(days)
    return count


def _minutes(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "average": None, "median": None}
    return {"n": len(values), "average": round(mean(values), 1), "median": round(median(values), 1)}


def report(
    *, locality: Locality, actor: User, start: date | None = None, end: date | None = None
) -> dict:
    require_capability(actor, locality, VIEW)
    start, end = period(start, end)
    since, until = _moment(start), _moment(end + timedelta(days=1))
    now = timezone.now()
    closed = closed_statuses()
    applications = list(
        Application.objects.for_locality(locality)
        .filter(case__created_at__gte=since, case__created_at__lt=until)
        .select_related("service", "case", "case__department")
    )
    by_service: dict[str, Tally] = defaultdict(Tally)
    by_month: Tally = Tally()
    timing: dict[str, dict] = {}
    for a in applications:
        name = localized(a.service, "name")
        by_service[name][a.case.status] += 1
        by_month[thai.to_bangkok(a.case.created_at).strftime("%Y-%m")] += 1
        row = timing.setdefault(name, {
            "limit": a.service.time_limit, "unit": a.service.get_time_unit_display(),
            "days": [], "on_time": 0, "late": 0,
        })  # fmt: skip
        if a.case.status in closed and a.case.closed_at:
            row["days"].append(_working_days(a.case.created_at, a.case.closed_at))
            due = a.case.sla_due_at
            row["on_time" if due is None or a.case.closed_at <= due else "late"] += 1
    decided = sum(r["on_time"] + r["late"] for r in timing.values())
    on_time = sum(r["on_time"] for r in timing.values())
    overdue = Tally(
        (c.department.name_th if c.department else _("No division"))
        for c in Case.objects.for_locality(locality)
        .filter(kind=APPLICATION.code, sla_due_at__lt=now)
        .exclude(status__in=closed)
        .select_related("department")
    )
    fees: dict[tuple[str, int], dict] = {}
    for p in (
        Payment.objects.for_locality(locality)
        .filter(received_at__gte=since, received_at__lt=until, voided_at__isnull=True)
        .select_related("application__service")
    ):
        key = (localized(p.application.service, "name"), p.fiscal_year)
        entry = fees.setdefault(key, {"receipts": 0, "amount": Decimal("0")})
        entry["receipts"] += 1
        entry["amount"] += p.amount
    waits: dict[int, list[float]] = defaultdict(list)
    serves: dict[int, list[float]] = defaultdict(list)
    taken: Tally = Tally()
    for t in Ticket.objects.for_locality(locality).filter(day__gte=start, day__lte=end):
        hour = thai.to_bangkok(t.taken_at).hour
        taken[hour] += 1
        if t.called_at:
            waits[hour].append((t.called_at - t.taken_at).total_seconds() / 60)
        if t.called_at and t.done_at and t.status == Ticket.Status.DONE:
            serves[hour].append((t.done_at - t.called_at).total_seconds() / 60)
    appointments = Tally(
        Appointment.objects.for_locality(locality)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .values_list("status", flat=True)
    )
    cases = Case.objects.for_locality(locality).filter(
        kind=APPLICATION.code, created_at__gte=since, created_at__lt=until
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "total": len(applications),
        "by_service": {k: dict(v) for k, v in sorted(by_service.items())},
        "by_month": dict(sorted(by_month.items())),
        "timing": {
            name: {
                "limit": r["limit"],
                "unit": r["unit"],
                "decided": r["on_time"] + r["late"],
                "on_time": r["on_time"],
                "late": r["late"],
                "working_days": _minutes([float(d) for d in r["days"]]),
            }
            for name, r in sorted(timing.items())
        },
        "on_time_share": round(on_time / decided, 3) if decided else None,
        "overdue_by_division": dict(overdue.most_common()),
        "fees": [{"service": s, "fiscal_year": y, **v} for (s, y), v in sorted(fees.items())],
        "fees_total": sum((v["amount"] for v in fees.values()), Decimal("0")),
        "queue_by_hour": [
            {
                "hour": h,
                "tickets": taken[h],
                "wait_minutes": _minutes(waits[h]),
                "serve_minutes": _minutes(serves[h]),
            }
            for h in sorted(taken)
        ],
        "appointments": dict(appointments),
        "satisfaction": ratings_summary(locality=locality, cases=cases),
    }


def report_csv(data: dict) -> str:
    """The report as one CSV: a section column, then the row's names and figures."""
    out = io.StringIO()
    w = csv_writer(out)
    w.writerow(["section", "name", "detail", "count", "value"])
    for service, statuses in data["by_service"].items():
        for status, n in statuses.items():
            w.writerow(["applications_by_service_status", service, status, n, ""])
    for month, n in data["by_month"].items():
        w.writerow(["applications_by_month", month, "", n, ""])
    for service, r in data["timing"].items():
        w.writerow(["decided_on_time", service, f"limit {r['limit']} {r['unit']}", r["decided"],
                    r["on_time"]])  # fmt: skip
        w.writerow(["working_days_average", service, "", r["working_days"]["n"],
                    r["working_days"]["average"]])  # fmt: skip
    for division, n in data["overdue_by_division"].items():
        w.writerow(["overdue_by_division", division, "", n, ""])
    for f in data["fees"]:
        w.writerow(["fees", f["service"], f"FY {f['fiscal_year']}", f["receipts"], f["amount"]])
    for q in data["queue_by_hour"]:
        w.writerow(["queue_wait_minutes", f"{q['hour']:02d}:00", "", q["tickets"],
                    q["wait_minutes"]["average"]])  # fmt: skip
        w.writerow(["queue_serve_minutes", f"{q['hour']:02d}:00", "", q["serve_minutes"]["n"],
                    q["serve_minutes"]["average"]])  # fmt: skip
    for status, n in data["appointments"].items():
        w.writerow(["appointments", status, "", n, ""])
    s = data["satisfaction"]
    w.writerow(["satisfaction", "average", "", s["n"], s["average"] or ""])
    w.writerow(["satisfaction", "percent", "", s["n"], s["percent"] or ""])
    for stars, n in s["by_stars"].items():
        w.writerow(["satisfaction", f"{stars} stars", "", n, ""])
    return out.getvalue()
