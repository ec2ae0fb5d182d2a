"""The one router every complaint endpoint registers on."""

from ninja import Router

from thongthin.core.api.schemas import Error

router = Router(tags=["complaints"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}
