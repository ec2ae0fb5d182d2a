"""Care figures for the local health fund's sub-committee and the health centre, and the
export of people, screenings, visits and appointments in the MoPH 43-file layout.

The 43 files are written as text files, one per file name, fields separated by ``|`` with the
column names on the first line, in a zip: the way JHCIS and HOSxP PCU exports are exchanged.
Columns and codes are those of the domain notes (``care_fields.md``). What Thongthin does not
keep is left empty: the national ID (only its keyed hash is kept, so CID is empty and the
receiving system matches by its own records), the insurance type code (INSTYPE) and HN.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from thongthin.core.models import Locality, User
from thongthin.core.services.audit import audit_record

from . import adl
from .models import Assessment, CarePlan, ClinicAppointment, Person, Reading, Ride, RoutePlan, Visit
from .module import MODULE, Audit
from .selectors import can_summarise

COLUMNS = {
    "PERSON": "HOSPCODE CID PID HID PRENAME NAME LNAME HN SEX BIRTH MSTATUS OCCUPATION_OLD "
    "OCCUPATION_NEW RACE NATION RELIGION EDUCATION FSTATUS FATHER MOTHER COUPLE VSTATUS MOVEIN "
    "DISCHARGE DDISCHARGE ABOGROUP RHGROUP LABOR PASSPORT TYPEAREA D_UPDATE TELEPHONE MOBILE",
    "DISABILITY": "HOSPCODE DISABID PID DISABTYPE DISABCAUSE DIAGCODE DATE_DETECT DATE_DISAB "
    "D_UPDATE CID",
    "FUNCTIONAL": "HOSPCODE PID SEQ DATE_SERV FUNCTIONAL_TEST TESTRESULT DEPENDENT PROVIDER "
    "D_UPDATE CID",
    "SPECIALPP": "HOSPCODE PID SEQ DATE_SERV SERVPLACE PPSPECIAL PPSPLACE PROVIDER D_UPDATE CID",
    "SERVICE": "HOSPCODE PID HN SEQ DATE_SERV TIME_SERV LOCATION INTIME INSTYPE INSID MAIN "
    "TYPEIN REFERINHOSP CAUSEIN CHIEFCOMP SERVPLACE BTEMP SBP DBP PR RR TYPEOUT REFEROUTHOSP "
    "CAUSEOUT COST PRICE PAYPRICE ACTUALPAY D_UPDATE HSUB CID",
    "COMMUNITY_SERVICE": "HOSPCODE PID SEQ DATE_SERV COMSERVICE PROVIDER D_UPDATE CID",
    "APPOINTMENT": "HOSPCODE PID AN SEQ DATE_SERV CLINIC APDATE APTYPE APDIAG PROVIDER "
    "D_UPDATE CID",
}
PRENAMES = {"นาย": "003", "นางสาว": "004", "นาง": "005"}
DISCHARGE = {"active": "9", "deceased": "1", "moved": "2"}
APTYPE = {"antenatal": "131"}  # THCC 152; the other kinds have no single code


def _d(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _stamp(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S")


def _clean(value: Any) -> str:
    return (
        "" if value is None else str(value).replace("|", " ").replace("\n", " ").replace("\r", " ")
    )


def export_43(*, locality: Locality, actor: User, ip: str | None = None) -> tuple[str, bytes]:
    """(file name, zip bytes) of the locality's people in care in the 43-file layout. Needs a
    care role; the export is written to the audit log with the number of rows."""
    from .module import VIEW
    from .selectors import _need

    _need(actor, locality, VIEW)
    hosp = str(MODULE.setting("HOSPCODE"))[:5]
    now = timezone.now()
    stamp = _stamp(now)
    rows: dict[str, list[list[Any]]] = defaultdict(list)
    people = list(Person.objects.for_locality(locality).select_related("subdistrict"))
    for p in people:
        rows["PERSON"].append([
            hosp, "", p.pk, p.household_code[:14], PRENAMES.get(p.prename, ""), p.first_name,
            p.last_name, "", p.sex, _d(p.birth_date), "", "", "", "", "099", "", "", "", "", "",
            "", "", "", DISCHARGE[p.status], _d(p.status_on), "", "", "", "", "1", stamp, "",
            p.phone,
        ])  # fmt: skip
        for kind in p.disability_types:
            rows["DISABILITY"].append(
                [hosp, "", p.pk, kind, "", "", _d(p.created_at.date()), "", stamp, ""]
            )
    for a in Assessment.objects.for_locality(locality).order_by("person_id", "assessed_on"):
        seq = f"A{a.pk}"
        provider = a.assessor_id or ""
        rows["FUNCTIONAL"].append([hosp, a.person_id, seq, _d(a.assessed_on), "01", a.total,
                                   adl.DEPENDENT[a.band], provider, stamp, ""])  # fmt: skip
        if a.tai:
            rows["FUNCTIONAL"].append(
                [hosp, a.person_id, seq, _d(a.assessed_on), "04", a.tai, "", provider, stamp, ""]
            )
        rows["SPECIALPP"].append([hosp, a.person_id, seq, _d(a.assessed_on), "2",
                                  adl.SPECIALPP[a.band], hosp, provider, stamp, ""])  # fmt: skip
    for v in Visit.objects.for_locality(locality).filter(status=Visit.Status.DONE):
        seq = f"V{v.pk}"
        at = timezone.localtime(v.checked_in_at) if v.checked_in_at else None
        vitals = v.vitals or {}
        rows["SERVICE"].append([
            hosp, v.person_id, "", seq, _d(at.date() if at else v.due_on),
            at.strftime("%H%M%S") if at else "", "1", "1", "", "", hosp, "1", "", "", "", "2",
            vitals.get("temperature", ""), vitals.get("sbp", ""), vitals.get("dbp", ""),
            vitals.get("pulse", ""), "", "1", "", "", "", "", "", "", stamp, "", "",
        ])  # fmt: skip
        rows["COMMUNITY_SERVICE"].append(
            [hosp, v.person_id, seq, _d(at.date() if at else v.due_on), v.comservice,
             v.caregiver_id, stamp, ""]
        )  # fmt: skip
    for ap in ClinicAppointment.objects.for_locality(locality).exclude(status="cancelled"):
        rows["APPOINTMENT"].append([
            hosp, ap.person_id, "", f"P{ap.pk}", _d(timezone.localtime(ap.starts_at).date()), "",
            _d(timezone.localtime(ap.starts_at).date()), APTYPE.get(ap.kind, ""), "",
            ap.booked_by_id or "", stamp, "",
        ])  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in COLUMNS.items():
            lines = ["|".join(columns.split())]
            lines += ["|".join(_clean(v) for v in row) for row in rows[name]]
            archive.writestr(f"{name}.txt", "\r\n".join(lines) + "\r\n")
    audit_record(
        action=Audit.EXPORTED,
        locality=locality,
        actor=actor,
        ip=ip,
        detail={name: len(rows[name]) for name in COLUMNS},
    )
    return f"F43_{hosp}_{stamp}.zip", buffer.getvalue()


def summary(*, locality: Locality, actor: Any, start: date, end: date) -> dict[str, Any]:
    """Figures without names for ``start``–``end`` (inclusive)."""
    can_summarise(actor, locality)
    people = Person.objects.for_locality(locality).filter(status=Person.Status.ACTIVE)
    by_group_area: dict[tuple[Any, Any], Counter] = defaultdict(Counter)
    for moo, subdistrict, group in people.values_list("moo", "subdistrict__name_th", "group"):
        by_group_area[(subdistrict or "", moo or 0)][group if group is not None else "-"] += 1
    groups = [0, 1, 2, 3, 4, "-"]
    areas = [
        {"subdistrict": key[0], "moo": key[1], "counts": [counts.get(g, 0) for g in groups],
         "total": sum(counts.values())}
        for key, counts in sorted(by_group_area.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    ]  # fmt: skip
    plans = CarePlan.objects.for_locality(locality).filter(starts_on__lte=end, ends_on__gte=start)
    plan_rows = plans.values("status").annotate(n=Count("id"), amount=Sum("amount"))
    # Visits due so far (a year's plan is not "1 % done" in its first month).
    visits = Visit.objects.for_locality(locality).filter(
        due_on__gte=start, due_on__lte=min(end, timezone.localdate())
    )
    visit_counts = dict(visits.values_list("status").annotate(n=Count("id")))
    planned = sum(visit_counts.values())
    done = visit_counts.get("done", 0)
    control = _control(locality)
    appts = ClinicAppointment.objects.for_locality(locality).filter(
        starts_at__date__gte=start, starts_at__date__lte=end
    )
    appt_counts = dict(appts.values_list("status").annotate(n=Count("id")))
    closed = appt_counts.get("kept", 0) + appt_counts.get("missed", 0)
    return {
        "groups": groups,
        "areas": areas,
        "people": people.count(),
        "plans": {
            CarePlan.Status(row["status"]).label: (row["n"], row["amount"] or Decimal(0))
            for row in plan_rows
        },
        "visits_planned": planned,
        "visits_done": done,
        "visits_missed": visit_counts.get("missed", 0),
        "visits_far": visits.filter(far=True).count(),
        "visits_percent": round(100 * done / planned) if planned else None,
        "control": control,
        "appointments": appt_counts,
        "kept_percent": round(100 * appt_counts.get("kept", 0) / closed) if closed else None,
        "rides": rides_by_month(locality, start, end),
    }


def _control(locality: Locality) -> dict[str, tuple[int, int]]:
    """People with hypertension / diabetes whose latest home reading is in control (dark
    green): (in control, with a reading)."""
    latest_bp: dict[int, str] = {}
    latest_sugar: dict[int, str] = {}
    readings = Reading.objects.for_locality(locality).order_by("taken_at")
    for person_id, sbp, glucose, colour in readings.values_list(
        "person_id", "sbp", "glucose", "colour"
    ):
        if sbp is not None:
            latest_bp[person_id] = colour
        if glucose is not None:
            latest_sugar[person_id] = colour
    ht = set(
        Person.objects.for_locality(locality).filter(hypertension=True).values_list("pk", flat=True)
    )
    dm = set(
        Person.objects.for_locality(locality).filter(diabetes=True).values_list("pk", flat=True)
    )
    bp = [latest_bp[p] for p in ht if p in latest_bp]
    sugar = [latest_sugar[p] for p in dm if p in latest_sugar]
    return {
        "bp": (sum(c == "dark_green" for c in bp), len(bp)),
        "glucose": (sum(c == "dark_green" for c in sugar), len(sugar)),
    }


def rides_by_month(locality: Locality, start: date, end: date) -> list[dict[str, Any]]:
    """Trips done (reached the hospital), people carried, trips where the person could not be
    picked up, and planned kilometres, by month."""
    months: dict[tuple[int, int], dict[str, Any]] = {}

    def month(y: int, m: int) -> dict[str, Any]:
        return months.setdefault(
            (y, m), {"trips": 0, "people": set(), "no_show": 0, "km": Decimal(0)}
        )

    rides = Ride.objects.for_locality(locality).filter(
        appointment_at__date__gte=start, appointment_at__date__lte=end,
        status__in=(Ride.Status.ARRIVED, Ride.Status.RETURNED, Ride.Status.NO_SHOW),
    )  # fmt: skip
    for at, person_id, status in rides.values_list("appointment_at", "person_id", "status"):
        local = timezone.localtime(at)
        row = month(local.year, local.month)
        if status == Ride.Status.NO_SHOW:
            row["no_show"] += 1
            continue
        row["trips"] += 1
        row["people"].add(person_id)
    for day, km in (
        RoutePlan.objects.for_locality(locality)
        .filter(day__gte=start, day__lte=min(end, timezone.localdate()))  # driven, not to come
        .values_list("day", "km")
    ):
        month(day.year, day.month)["km"] += km
    return [
        {
            "month": date(y, m, 1),
            "trips": row["trips"],
            "people": len(row["people"]),
            "no_show": row["no_show"],
            "km": row["km"],
        }
        for (y, m), row in sorted(months.items())
    ]
