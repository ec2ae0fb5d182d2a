"""POST /line/webhook/<slug>/: one LINE Official Account per locality."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..errors import DomainError
from ..selectors import access_locality
from ..services.line import line_webhook_receive


@csrf_exempt
@require_POST
def webhook(request, slug: str):
    try:
        locality = access_locality(slug)
        line_webhook_receive(
            locality=locality,
            body=request.body,
            signature=request.headers.get("X-Line-Signature", ""),
        )
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.http_status)
    return HttpResponse(status=200)
