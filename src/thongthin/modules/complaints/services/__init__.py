"""Complaint writes. Every channel (web, LINE, staff entry, JSON API, Open311, import) files a
complaint through :func:`complaint_create`; status changes go through the core case engine,
whose hooks keep this module's tables (map counts, followers, training data) in step."""

from ._common import PHOTOS_MAX, REOPEN_DAYS, TEXT_MAX
from .categories import categories_seed, category_get
from .filing import (
    Nearby,
    _clean_description,
    attributes_clean,
    complaint_create,
    complaint_me_too,
    duplicates_near,
    nearby_brief,
)
from .handover import handover_get, handover_post
from .hooks import guard_transition, on_transition
from .imports import (
    ImportedComplaint,
    complaint_import,
    complaint_imported,
    training_example_add,
)
from .line_drafts import (
    draft_discard,
    draft_file,
    draft_follow,
    draft_get,
    draft_ready,
    draft_update,
)
from .mapcounts import ALL, map_rebuild
from .working import (
    complaint_forward,
    complaint_merge,
    complaint_place,
    complaint_rate,
    complaint_reopen,
    complaint_resolve,
    complaint_set_category,
    escalate_overdue,
)

__all__ = [
    "ALL", "PHOTOS_MAX", "REOPEN_DAYS", "TEXT_MAX", "Nearby", "_clean_description",
    "attributes_clean", "categories_seed", "category_get", "complaint_create",
    "complaint_forward", "complaint_me_too", "complaint_merge", "complaint_rate",
    "complaint_reopen", "complaint_set_category", "duplicates_near", "escalate_overdue",
    "guard_transition", "map_rebuild", "nearby_brief", "on_transition", "ImportedComplaint",
    "complaint_import", "complaint_imported", "training_example_add", "draft_discard",
    "draft_file", "draft_follow", "draft_get", "draft_ready", "draft_update", "complaint_resolve",
    "complaint_place",
    "handover_get", "handover_post",
]  # fmt: skip
