"""`thongthin startmodule NAME`: a new module in the one layout every module follows
(docs/modules.md), which `thongthin check` and the test suite accept as it is."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.core.management.templates import TemplateCommand

import thongthin

TEMPLATE = Path(__file__).resolve().parents[2] / "module_template"


class Command(TemplateCommand):
    help = (
        "Write the skeleton of a module (module.py, models, services, selectors, api, views, "
        "urls, templates, demo, tests) to src/thongthin/modules/NAME, or to --directory."
    )
    missing_args_message = "Give the module's name, e.g. `thongthin startmodule eservices`."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the module's code: lower case letters and _")
        parser.add_argument("--directory", help="where to write it (default: the modules folder)")
        parser.add_argument(
            "--package", help="its dotted package name (default: thongthin.modules.NAME)"
        )

    # startapp's own signature: its arguments arrive as options.
    def handle(self, **options):  # type: ignore[override]
        name = options.pop("name")
        if not name.isidentifier() or name != name.lower():
            raise CommandError(f"{name!r}: use lower-case letters, digits and _ only")
        default = Path(thongthin.__file__).resolve().parent / "modules" / name
        target = Path(options.pop("directory") or default)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} already exists and is not empty")
        target.mkdir(parents=True, exist_ok=True)
        package = options.pop("package") or f"thongthin.modules.{name}"
        super().handle(
            "app",
            name,
            str(target),
            template=str(TEMPLATE),
            extensions=["py", "html"],
            files=[],
            package=package,
            verbosity=options.get("verbosity", 1),
            exclude=None,
        )
        self.stdout.write(
            f"Wrote {package} to {target}.\n"
            f"Next: add {package!r} to INSTALLED_APPS (or THONGTHIN_EXTRA_APPS), then\n"
            f"  thongthin makemigrations {name} && thongthin check && pytest {target}"
        )
