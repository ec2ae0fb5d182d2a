"""Every module's reference data through its AdminSection: one list and one form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ... import modules
from ...errors import DomainError, NotFound
from ...http import client_ip
from ...services.reference import reference_save
from ..errors import not_found_as_404
from ._common import _admin_locality, _fail

# -- every module's reference data ------------------------------------------------------------


def _section(request, module: str, code: str):
    locality = _admin_locality(request)
    section = modules.admin_section(module, code)
    if section is None or not modules.enabled_in(locality, module):
        raise NotFound()
    from ...access import has_capability

    if not has_capability(request.user, locality, section.capability):
        raise NotFound()
    return locality, section, modules.resolve(section.form)


@login_required
@not_found_as_404
def reference_list(request, module: str, code: str):
    locality, section, form_class = _section(request, module, code)
    model = form_class._meta.model
    rows = model.objects.for_locality(locality)
    rows = rows if rows.ordered else rows.order_by("pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    headers = [
        form_class.base_fields[c].label if c in form_class.base_fields else c
        for c in section.columns
    ]
    return render(
        request,
        "thongthin/staff/admin/reference_list.html",
        {
            "locality": locality,
            "module": modules.get_module(module),
            "section": section,
            "headers": headers,
            "page": page,
        },
    )


@login_required
@not_found_as_404
def reference_edit(request, module: str, code: str, pk: int | None = None):
    locality, section, form_class = _section(request, module, code)
    model = form_class._meta.model
    instance = None
    if pk is not None:
        instance = model.objects.for_locality(locality).filter(pk=pk).first()
        if instance is None:
            raise NotFound()
    status, saved = 200, False
    form = form_class(request.POST or None, instance=instance, locality=locality)
    if request.method == "POST":
        if form.is_valid():
            try:
                instance = reference_save(
                    locality=locality,
                    actor=request.user,
                    section=f"{module}.{code}",
                    form=form,
                    ip=client_ip(request),
                )
                if pk is None:
                    return redirect("staff:admin-list", module, code)
                saved = True
            except DomainError as exc:
                status = _fail(form, exc)
        else:
            status = 422
    return render(
        request,
        "thongthin/staff/admin/reference_edit.html",
        {
            "locality": locality,
            "module": modules.get_module(module),
            "section": section,
            "form": form,
            "instance": instance,
            "saved": saved,
        },
        status=status,
    )
