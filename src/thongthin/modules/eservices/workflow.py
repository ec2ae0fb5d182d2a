"""An application for a service, as the Licensing Facilitation Act 2015 runs it: checked for
completeness (or a record of the missing documents with a deadline, s. 8), considered, then
approved (and the document issued) or refused with the reason in writing. Fees, payment and
the issued document's PDF come with the next part of the module."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from thongthin.core.workflow import Action, CaseKind, State, Workflow

HERE = "thongthin.modules.eservices"
OPEN_STATES = ("received", "missing_documents", "considering", "approved", "fee_due", "paid")

APPLICATION_WORKFLOW = Workflow(
    states=(
        State("received", pgettext_lazy("application", "Received")),
        State("missing_documents", pgettext_lazy("application", "Documents missing")),
        State("considering", pgettext_lazy("application", "Under consideration")),
        State("approved", pgettext_lazy("application", "Approved")),
        State("fee_due", pgettext_lazy("application", "Fee due")),
        State("paid", pgettext_lazy("application", "Paid")),
        State("issued", pgettext_lazy("application", "Issued"), closed=True),
        State("refused", pgettext_lazy("application", "Refused"), closed=True),
        State(
            "abandoned",
            pgettext_lazy("application", "Closed: documents not supplied"),
            closed=True,
        ),
    ),
    initial="received",
    actions=(
        Action(
            "complete", ("received",), "considering",
            pgettext_lazy("application", "Documents complete"), takes_case=True,
        ),
        # The reason is the record of what is missing (บันทึกความบกพร่อง); a deadline is set.
        Action(
            "ask_documents", ("received",), "missing_documents",
            pgettext_lazy("application", "Ask for missing documents"), requires_reason=True,
        ),
        # The applicant supplies them from the tracking page (holder of the tracking code).
        Action(
            "supply", ("missing_documents",), "received",
            pgettext_lazy("application", "Documents supplied"), reporter=True, generic=False,
        ),
        Action(
            "approve", ("considering",), "approved", pgettext_lazy("application", "Approve"),
        ),
        Action(
            "refuse", ("received", "considering"), "refused",
            pgettext_lazy("application", "Refuse"), requires_reason=True,
        ),
        # The fee is set with the charge (the service's, or the officer's with a reason).
        Action(
            "charge", ("approved",), "fee_due", pgettext_lazy("application", "Charge the fee"),
            generic=False,
        ),
        # Recorded with its receipt by the payment service (cash, QR, transfer).
        Action(
            "pay", ("fee_due",), "paid", pgettext_lazy("application", "Payment received"),
            generic=False,
        ),
        # A voided receipt puts the fee back as due.
        Action(
            "unpay", ("paid",), "fee_due", pgettext_lazy("application", "Receipt voided"),
            generic=False,
        ),
        Action("issue", ("approved", "paid"), "issued", pgettext_lazy("application", "Issue")),
        # The deadline in the record passed: run by the worker, never by a person.
        Action(
            "abandon", ("missing_documents",), "abandoned",
            pgettext_lazy("application", "Close: documents not supplied"), generic=False,
            system=True,
        ),
    ),
)  # fmt: skip

APPLICATION = CaseKind(
    code="application",
    prefix="บ",
    name=pgettext_lazy("application", "Application"),
    workflow=APPLICATION_WORKFLOW,
    view_capability="eservices.view",
    work_capability="eservices.work",
    sla_hours=15 * 8,
    sla_mode="working",
    guard=f"{HERE}.services.guard_transition",
    on_transition=f"{HERE}.services.on_transition",
)
