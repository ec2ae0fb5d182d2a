"""API keys: scoped, shown once, revoked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ... import modules
from ...errors import DomainError
from ...http import client_ip
from ...models import ApiKey
from ...services.apikeys import apikey_create, apikey_revoke
from ..admin_forms import (
    ApiKeyForm,
)
from ..errors import not_found_as_404
from ._common import _admin_locality, _fail

# -- API keys ---------------------------------------------------------------------------------


@login_required
@not_found_as_404
def keys(request):
    locality = _admin_locality(request)
    status, secret = 200, ""
    form = ApiKeyForm(request.POST or None, locality=locality)
    if request.method == "POST":
        if form.is_valid():
            try:
                _key, secret = apikey_create(
                    locality=locality,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    actor=request.user,
                    ip=client_ip(request),
                )
                form = ApiKeyForm(locality=locality)
            except DomainError as exc:
                status = _fail(form, exc, "scopes" if exc.code == "scopes_invalid" else "name")
        else:
            status = 422
    labels = {c.code: c.label for c in modules.capabilities()}
    rows = [
        (key, [labels.get(s, s) for s in key.scopes] if key.scopes is not None else None)
        for key in ApiKey.objects.for_locality(locality).order_by("-created_at")
    ]
    return render(
        request,
        "thongthin/staff/admin/keys.html",
        {"locality": locality, "form": form, "rows": rows, "secret": secret},
        status=status,
    )


@login_required
@not_found_as_404
@require_POST
def key_revoke(request, pk: int):
    locality = _admin_locality(request)
    apikey_revoke(locality=locality, actor=request.user, pk=pk, ip=client_ip(request))
    return redirect("staff:admin-keys")
