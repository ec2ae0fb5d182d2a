"""Disaster incidents (flooded road, household to evacuate, rescue request) as cases."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongthin.core.workflow import Action, CaseKind, State, Workflow

CATEGORIES: dict[str, Any] = {
    "flooded_road": _("Flooded road"),
    "evacuation": _("Household needs evacuation"),
    "rescue": _("Rescue request"),
    "other": pgettext_lazy("disaster category", "Other"),
}
OPEN_STATES = ("received", "responding")


DISASTER = CaseKind(
    code="disaster",
    prefix="ภ",
    name=pgettext_lazy("disaster", "Disaster incident"),
    workflow=Workflow(
        states=(
            State("received", pgettext_lazy("disaster", "Received")),
            State("responding", pgettext_lazy("disaster", "Responding")),
            State("resolved", pgettext_lazy("disaster", "Resolved"), closed=True),
        ),
        initial="received",
        actions=(
            Action("respond", ("received",), "responding", pgettext_lazy("disaster", "Send help")),
            Action(
                "resolve",
                ("received", "responding"),
                "resolved",
                pgettext_lazy("disaster", "Resolve"),
                requires_reason=True,
            ),
        ),
    ),
    view_capability="warroom.watch",
    work_capability="warroom.respond",
    sla_hours=6,
)
