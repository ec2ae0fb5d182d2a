import pytest

from thongthin.core.models import AuditEvent, Case, Citizen, Department
from thongthin.core.services.cases import case_create
from thongthin.core.tenancy import TenantScopeError


def _case(locality, title="ถนนชำรุด"):
    return case_create(locality=locality, kind="general", title=title, channel="web")


@pytest.mark.django_db
def test_unscoped_queries_fail_closed(locality):
    _case(locality)
    with pytest.raises(TenantScopeError):
        list(Case.objects.all())
    with pytest.raises(TenantScopeError):
        Case.objects.filter(title="ถนนชำรุด").count()
    with pytest.raises(TenantScopeError):
        Case.objects.exists()
    with pytest.raises(TenantScopeError):
        Case.objects.get(title="ถนนชำรุด")
    with pytest.raises(TenantScopeError):
        Case.objects.filter(status="received").update(title="x")
    with pytest.raises(TenantScopeError):
        Department.objects.filter(code="palad").delete()
    with pytest.raises(TenantScopeError):
        list(Citizen.objects.iterator())


@pytest.mark.django_db
def test_scoped_queries_see_only_their_locality(locality, other_locality):
    mine = _case(locality, "ของเรา")
    theirs = _case(other_locality, "ของเขา")
    assert list(Case.objects.for_locality(locality)) == [mine]
    assert list(Case.objects.for_locality(other_locality)) == [theirs]
    assert Case.objects.unscoped().count() == 2
    # Scope survives chaining and related managers of a loaded object are allowed.
    assert Case.objects.for_locality(locality).filter(status="received").count() == 1
    assert mine.events.count() == 1
    assert locality.departments.count() == 6
    with pytest.raises(TenantScopeError):
        Case.objects.for_locality(None)


@pytest.mark.django_db
def test_audit_log_is_append_only(locality):
    _case(locality)
    event = AuditEvent.objects.for_locality(locality).first()
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.for_locality(locality).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.for_locality(locality).delete()
    assert AuditEvent.objects.for_locality(locality).filter(action="case.created").count() == 1
