"""The officer's reconciliation page: import the bank's statement, see what matched, the
lines that matched nothing and the double payments to refund."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongthin.core.errors import DomainError, NotFound
from thongthin.core.views.errors import not_found_as_404
from thongthin.core.views.staff import acting_locality_for

from ..models import StatementLine
from ..module import WORK
from ..services.statements import statement_import, statement_refund

SHOWN = 200


@login_required
@not_found_as_404
@require_http_methods(["GET", "POST"])
def statements(request):
    locality = acting_locality_for(request, WORK)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("refund"):
                line = (
                    StatementLine.objects.for_locality(locality)
                    .filter(pk=request.POST.get("refund"))
                    .first()
                )
                if line is None:
                    raise NotFound()
                statement_refund(line=line, actor=request.user, note=request.POST.get("note", ""))
                messages.success(request, _("Marked as refunded."))
            else:
                upload = request.FILES.get("statement")
                if upload is None:
                    raise DomainError(_("Choose the bank's statement file."), code="file_required")
                counts = statement_import(
                    locality=locality, actor=request.user, data=upload.read(),
                    file_name=upload.name or "",
                )  # fmt: skip
                messages.success(
                    request,
                    _(
                        "Imported: %(matched)s matched (receipts issued), %(duplicate)s paid "
                        "twice, %(unmatched)s unmatched, %(seen)s already imported before."
                    )
                    % counts,
                )
            return redirect("eservices:statements")
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, exc.message)
            status = exc.http_status
    shown = request.GET.get("status") or "attention"
    lines = StatementLine.objects.for_locality(locality).select_related(
        "application__case", "payment"
    )
    if shown == "attention":
        lines = lines.filter(status__in=("unmatched", "duplicate"))
    elif shown in StatementLine.Status.values:
        lines = lines.filter(status=shown)
    return render(
        request,
        "eservices/staff/statements.html",
        {
            "locality": locality,
            "lines": lines[:SHOWN],
            "shown": shown,
            "statuses": StatementLine.Status.choices,
        },
        status=status,
    )
