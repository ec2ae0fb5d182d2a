"""The one router every complaint endpoint registers on."""

from ninja import Router

from thongthin.core.api.schemas import ERRORS

router = Router(tags=["complaints"])
__all__ = ["ERRORS", "router"]
