"""The one gate per complaint: every complaint a URL or a request names is reached here, by
views and the API alike. Each answers "not found" the same way for a complaint that is missing,
in another locality, or not the caller's to see."""

from __future__ import annotations

from thongthin.core.access import Actor
from thongthin.core.errors import NotFound
from thongthin.core.models import Case, Citizen, Locality
from thongthin.core.selectors import access_case, case_public_get

from ..models import Complaint


def _of_case(case: Case) -> Complaint:
    complaint = (
        Complaint.objects.for_locality(case.locality_id)
        .select_related("category", "category__department")
        .filter(case=case)
        .first()
    )
    if complaint is None:
        raise NotFound()
    complaint.case = case  # already loaded (and checked) with its locality
    return complaint


def access_complaint(*, actor: Actor, number: str, locality: Locality | None = None) -> Complaint:
    """A complaint by its case number, for staff of its locality who may see it (the case
    engine's rule: ``complaints.view``, or being the person it is assigned to) or for the
    locality's API key."""
    return _of_case(access_case(actor=actor, number=number, locality=locality))


def access_complaint_by_tracking(*, locality: Locality, code: str) -> Complaint:
    """The reporter's complaint, by the tracking code only they were given."""
    return _of_case(case_public_get(locality=locality, tracking_code=code))


def access_complaint_of_reporter(
    *, locality: Locality, citizen: Citizen, case_id: int | str
) -> Complaint:
    """A complaint the citizen filed (a LINE rating button names its case)."""
    if not str(case_id).isdigit():
        raise NotFound()
    case = (
        Case.objects.for_locality(locality)
        .filter(pk=case_id, kind="complaint", reporter=citizen)
        .select_related("locality")
        .first()
    )
    if case is None:
        raise NotFound()
    return _of_case(case)


def access_public_complaint(
    *, locality: Locality, number: str | None = None, pk: int | str | None = None
) -> Complaint:
    """A complaint by its number (or its id, as a LINE button carries it), for its public page
    and "me too": anyone may see a complaint's public side, never its personal data."""
    if pk is not None:
        if not str(pk).isdigit():
            raise NotFound()
        found = Complaint.objects.for_locality(locality).filter(pk=pk).values("case_id").first()
        if found is None:
            raise NotFound()
        cases = Case.objects.for_locality(locality).filter(pk=found["case_id"])
    else:
        cases = Case.objects.for_locality(locality).filter(kind="complaint", number=number)
    case = cases.select_related("locality").first()
    if case is None:
        raise NotFound()
    return _of_case(case)
