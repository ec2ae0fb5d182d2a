"""Text in someone else's language: messages written now and read later, or by another person.

Pages are translated by Django's ``LocaleMiddleware`` for whoever asked. A LINE reply, an SMS
or a status push is written while someone else's request (an officer's, or the worker's) is
running, so it is rendered in the recipient's language instead: a :class:`Message` keeps the
``gettext_lazy`` text and its parameters until :func:`render_in` reads it in that language.
Text kept in the database as a record (a case title, a system note on a timeline) is written
in the locality's working language, Thai (:func:`for_records`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


class Message:
    """A translatable text with ``%(name)s`` parameters, rendered when it is read.

    ``Message(_("Case %(number)s: %(state)s"), number=case.number, state=state.label)``:
    lazy parameters (a state's label) are rendered in the same language as the text.
    """

    def __init__(self, text: Any, /, **params: Any) -> None:
        self.text = text
        self.params = params

    def __str__(self) -> str:
        text = str(self.text)
        if not self.params:
            return text
        return text % {key: str(value) for key, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Message({str(self.text)!r}, {self.params!r})"


def language_supported(code: str | None) -> str:
    """One of the site's languages for ``code`` ("en-US" → "en"), or the default (Thai)."""
    code = (code or "").lower().replace("_", "-")
    available = {lang for lang, _name in settings.LANGUAGES}
    for candidate in (code, code.split("-")[0]):
        if candidate in available:
            return candidate
    return settings.LANGUAGE_CODE


def render_in(language: str | None, text: Any) -> str:
    """The text in ``language`` (a citizen's, a staff member's), whatever is active now."""
    with translation.override(language_supported(language)):
        return str(text)


def for_records(text: Any) -> str:
    """The text in the working language of the records (Thai), to store in the database."""
    return render_in(settings.LANGUAGE_CODE, text)


# Where a name typed by staff is missing in a language, the next one is shown: readers of
# Malay in the Rumi script read the English (Latin) spelling before the Thai one.
FALLBACKS = {"th": ("th", "en"), "en": ("en", "th"), "ms": ("ms", "en", "th")}


class Localized:
    """A name typed per language (``name_th``, ``name_en``...), rendered in whichever language
    reads it: ``Message(_("%(place)s received it"), place=Localized(locality, "name"))``."""

    def __init__(self, obj: Any, field: str) -> None:
        self.obj, self.field = obj, field

    def __str__(self) -> str:
        return localized(self.obj, self.field)


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>_<language>`` with the fallbacks above: ``localized(category, "name")``."""
    language = language_supported(language or translation.get_language())
    for code in FALLBACKS.get(language, (language, "th")):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
