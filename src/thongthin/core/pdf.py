"""Documents as PDF (receipts, licences, exports): a Django template rendered by WeasyPrint.

The page's fonts come from the system (fontconfig): the Thai ones named in the template's CSS
(Debian's fonts-thai-tlwg gives Loma, Garuda, Norasi). Nothing is fetched while rendering but
``data:`` URIs, so a value in a template can never make the server reach a URL or read a file.
WeasyPrint needs Pango; where it cannot load, :class:`~thongthin.core.errors.Unavailable` is
raised and the caller shows the printable HTML page instead."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .errors import Unavailable


@cache
def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError:  # Pango or its fonts library is missing
        return None
    return weasyprint


def pdf_available() -> bool:
    return _weasyprint() is not None


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    """The template rendered to PDF bytes."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise Unavailable(
            _("PDF is not available on this server; print the page from the browser instead."),
            code="pdf_unavailable",
        )
    html = render_to_string(template, context)
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"}, timeout=1)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
