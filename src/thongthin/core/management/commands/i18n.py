"""`thongthin i18n check`: the translation catalogues are complete and compiled.

- every Thai entry is translated (Thai is the default language: nothing may fall back to the
  English msgid);
- every Malay entry citizens can see is translated (entries used only by the back office,
  management commands and the admin may stay English: Malay is written for citizens);
- every compiled ``django.mo`` says what its ``django.po`` says, so a plain ``pip install``
  serves every language;
- with ``--sources``, every string in the code is in the catalogues (``makemessages`` is run on a
  copy of each app; needs GNU gettext).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

# Entries used only in these files are the back office's (its pages, the locality's
# administration, the staff accounts' services): Malay may leave them in English.
STAFF_ONLY = re.compile(
    r"(templates/[^/]+/staff/|(^|/)views/(staff|admin)|(^|/)services/staff(\.py|/)"
    r"|/management/|^management/|admin\.py)"
)


def _apps() -> list[tuple[str, Path]]:
    return [
        (config.label, Path(config.path))
        for config in apps.get_app_configs()
        if config.name.startswith("thongthin.") and (Path(config.path) / "locale").is_dir()
    ]


def _citizen_side(entry) -> bool:  # type: ignore[no-untyped-def]
    places = [path for path, _line in entry.occurrences]
    return not places or not all(STAFF_ONLY.search(path) for path in places)


def catalogue_problems(*, sources: bool = False) -> list[str]:
    import polib

    problems = []
    for label, path in _apps():
        for language in ("th", "ms"):
            po_path = path / "locale" / language / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                problems.append(f"{label}: no {language} catalogue")
                continue
            po = polib.pofile(str(po_path))
            forms = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
            for entry in po:
                if entry.obsolete:
                    continue
                if entry.msgid_plural and forms and len(entry.msgstr_plural) > int(forms[1]):
                    problems.append(
                        f"{label}/{language}: more plural forms than the header's nplurals "
                        f"for {entry.msgid!r}"
                    )
                missing = not entry.translated() or "fuzzy" in entry.flags
                if missing and (language == "th" or _citizen_side(entry)):
                    problems.append(
                        f"{label}/{language}: untranslated {entry.msgctxt or ''}|{entry.msgid!r}"
                    )
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists():
                problems.append(f"{label}/{language}: django.mo is missing (compilemessages)")
                continue
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
            written = {
                (e.msgctxt, e.msgid): e.msgstr
                for e in po
                if e.translated() and "fuzzy" not in e.flags and not e.obsolete
            }
            if compiled != written:
                problems.append(f"{label}/{language}: django.mo is older than django.po")
        if sources:
            problems += _unextracted(label, path)
    return problems


def _unextracted(label: str, path: Path) -> list[str]:
    """Strings in the code that the Thai catalogue does not have yet."""
    import polib

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / label
        shutil.copytree(path, copy, ignore=shutil.ignore_patterns("tests", "migrations", "modules"))
        done = subprocess.run(
            [sys.executable, "-P", "-m", "django", "makemessages", "-l", "th", "--no-obsolete"],
            cwd=copy,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise CommandError(f"makemessages failed in {label}: {done.stderr[-2000:]}")
        fresh = polib.pofile(str(copy / "locale" / "th" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(path / "locale" / "th" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed}
    return [
        f"{label}: not in the catalogue: {e.msgctxt or ''}|{e.msgid!r} (run makemessages)"
        for e in fresh
        if (e.msgctxt, e.msgid) not in known
    ]


class Command(BaseCommand):
    help = "Check that the translation catalogues are complete and compiled."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])
        parser.add_argument(
            "--sources", action="store_true", help="also look for strings not yet extracted"
        )

    def handle(self, *args, action: str, sources: bool = False, **options):
        problems = catalogue_problems(sources=sources)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s)")
        self.stdout.write("catalogues complete and compiled")
