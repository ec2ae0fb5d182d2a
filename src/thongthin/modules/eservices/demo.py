"""Demo data for e-services (idempotent): the starting catalogue in each demo locality and, in
the first, applications in several states: just received, waiting for a missing document,
under consideration, fee due, paid, one past its time limit, and a licence issued last year that
expires soon; a counter queue in progress and appointments in the coming days."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from thongthin.core import thai
from thongthin.core.models import Case, User
from thongthin.core.services.accounts import ReporterIn
from thongthin.core.services.cases import case_transition

from .models import (
    Application,
    Closure,
    Counter,
    IssuedDocument,
    PaymentAccount,
    QueueGroup,
    Service,
    SlotRule,
)
from .services import (
    application_charge,
    application_submit,
    inspection_record,
    inspection_schedule,
    locality_setup,
    payment_record,
)
from .services.appointments import appointment_book, appointment_slots
from .services.documents import DEFAULT_BODY, add_months, document_fill, document_values
from .services.queue import queue_call_next, ticket_take

PEOPLE = (
    ("นางสาวพิมพ์ชนก แสงทอง", "1101700203450", "0812345678"),
    ("นายวิชัย มั่นคง", "3100600123450", "0898765432"),
    ("นางบุญมี ศรีสุข", "1234567890121", "0861234567"),
    ("นายประเสริฐ ใจดี", "5100800456785", "0923456789"),
    ("นางสาวสมใจ ดีงาม", "1101700203450", "0811112222"),
    ("นายวิชัย มั่นคง", "3100600123450", "0833334444"),
    ("นางมาลี ค้าขาย", "1101700203450", "0845556666"),
    ("นายสมบัติ รักถิ่น", "3100600123450", "0856667777"),
)
# (service, actions taken by the officer)
STORIES = (
    ("building-permit", ()),
    ("building-permit", ("ask_documents",)),
    ("water-truck", ("complete",)),
    ("elderly-allowance", ("complete", "approve", "issue")),
    ("building-permit", ("complete", "inspect", "approve", "charge")),
    ("building-permit", ("complete", "inspect", "approve", "charge", "pay")),
    # A licence issued last year that expires within the month (its renewal reminder is due).
    ("health-hazard-licence", ("complete", "inspect", "approve", "charge", "pay", "issue", "age")),
    # Filed 70 days ago and still under consideration: past its 45-day limit.
    ("building-permit", ("complete", "overdue", "set_inspection")),
)


def load(localities: list) -> None:
    for locality in localities:
        locality_setup(locality)
    first = localities[0] if localities else None
    if first is None or Application.objects.for_locality(first).exists():
        return
    _queue(first)
    officer = User.objects.filter(locality=first, role="locality_admin").first()
    if officer is None:
        return
    _queue_calls(first, officer)
    _appointments(first)
    # A made-up biller ID (the domain file's example): the demo shows the QR, no bank pays it.
    PaymentAccount.objects.for_locality(first).get_or_create(
        defaults={
            "locality": first,
            "name": f"{first.name_th} (ตัวอย่าง)",
            "biller_id": "099400016550100",
        },
    )
    Service.objects.for_locality(first).filter(code="building-permit").update(fee=200)
    Service.objects.for_locality(first).filter(code="health-hazard-licence").update(fee=500)
    for (name, national_id, phone), (code, actions) in zip(PEOPLE, STORIES, strict=True):
        service = Service.objects.for_locality(first).get(code=code)
        answers = {
            "full_name": name, "national_id": national_id, "phone": phone,
            "address": "99 ถ.ราชดำเนิน ต.ในเมือง", "declaration": "1",
            "site": f"{first.center_lat:.5f}, {first.center_lon:.5f}", "floors": "2",
            "work": "ก่อสร้าง", "needed_on": "2/1/2570",
        }  # fmt: skip
        application = application_submit(
            locality=first,
            service=service,
            answers=answers,
            reporter=ReporterIn(name=name, phone=phone),
            channel="walk_in",
            actor=officer,
        )
        case = application.case
        for action in actions:
            if action == "charge":
                application = application_charge(application=application, actor=officer)
            elif action == "pay":
                payment_record(
                    application=application, actor=officer, method="cash",
                    amount=application.fee, payer=name,
                )  # fmt: skip
            elif action == "age":
                _age_document(application, days=345)
            elif action in ("inspect", "set_inspection"):
                application.refresh_from_db()
                inspection_schedule(
                    application=application, actor=officer,
                    when=datetime.combine(
                        thai.to_bangkok(timezone.now()).date() + timedelta(days=2), time(10),
                        tzinfo=thai.BANGKOK,
                    ),
                    note="เตรียมแบบแปลนฉบับจริง",
                )  # fmt: skip
                if action == "inspect":
                    inspection_record(application=application, actor=officer, result="ตรงตามแบบที่ยื่น")
            elif action == "overdue":
                filed = timezone.now() - timedelta(days=70)
                Case.objects.for_locality(first).filter(pk=case.pk).update(
                    created_at=filed, sla_due_at=filed + timedelta(days=45)
                )
            else:
                reason = "ขาดสำเนาโฉนดที่ดินและแบบแปลน 5 ชุด" if action == "ask_documents" else ""
                case = case_transition(case=case, action=action, actor=officer, reason=reason)
                application.refresh_from_db()


def _age_document(application: Application, *, days: int) -> None:
    """Move an issued document back in time, its text and expiry with it."""
    document = IssuedDocument.objects.for_locality(application.locality_id).get(
        application=application
    )
    issued_at = document.issued_at - timedelta(days=days)
    issued = thai.to_bangkok(issued_at).date()
    months = application.service.validity_months
    valid_until = add_months(issued, months) if months else None
    body = document_fill(
        application.service.document_body or DEFAULT_BODY,
        document_values(application, issued, valid_until),
    )
    IssuedDocument.objects.for_locality(application.locality_id).filter(pk=document.pk).update(
        issued_at=issued_at, valid_until=valid_until, body=body
    )


def _queue(locality) -> None:  # type: ignore[no-untyped-def]
    """Today's queue in progress: tickets taken over the last hour in two lines."""
    groups = {g.letter: g for g in QueueGroup.objects.for_locality(locality)}
    now = timezone.now()
    # Within today (Bangkok): just after midnight the hour before is yesterday's queue.
    midnight = datetime.combine(thai.to_bangkok(now).date(), time(0), tzinfo=thai.BANGKOK)
    start = max(now - timedelta(minutes=60), midnight + timedelta(seconds=1))
    step = (now - start) / 9
    for n, letter in enumerate("AABABAAC"):
        if letter in groups:
            ticket_take(locality=locality, group=groups[letter], now=start + step * n)


def _queue_calls(locality, officer) -> None:  # type: ignore[no-untyped-def]
    counters = list(Counter.objects.for_locality(locality)[:2])
    for counter in counters:
        queue_call_next(counter=counter, actor=officer)
    if counters:
        queue_call_next(counter=counters[0], actor=officer)  # the first one served, the next called


def _appointments(locality) -> None:  # type: ignore[no-untyped-def]
    """Appointment times on working days at counter 3 (mornings and afternoons, two people a
    slot), a training day closed in two weeks, and a few bookings in the coming days."""
    counter = Counter.objects.for_locality(locality).filter(number=3).first()
    group = QueueGroup.objects.for_locality(locality).filter(letter="A").first()
    for start, end in ((time(9), time(12)), (time(13), time(15, 30))):
        SlotRule.objects.create(
            locality=locality, counter=counter, group=group, start=start, end=end,
            minutes=30, capacity=2,
        )  # fmt: skip
    day = thai.to_bangkok(timezone.now()).date() + timedelta(days=14)
    while not thai.is_working_day(day):
        day += timedelta(days=1)
    Closure.objects.create(locality=locality, day=day, reason="อบรมบุคลากร")
    service = Service.objects.for_locality(locality).get(code="building-permit")
    free = [s for d in appointment_slots(locality=locality, service=service) for s in d.slots]
    for (name, _id, phone), slot in zip(PEOPLE[:4], free[1::5], strict=False):
        appointment_book(locality=locality, service=service, slot=slot.key, name=name, phone=phone)
