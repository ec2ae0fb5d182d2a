import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
django.setup(set_prefix=False)

from .handler import PooledThreadASGIHandler  # noqa: E402 - needs the apps loaded

application = PooledThreadASGIHandler()


def _warm_up() -> None:
    """Import the URLconf (views, API, schemas) and compile the common templates now, so a new
    worker's first requests do not pay for it while a citizen waits."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    # The public holidays (a large package, read for working-hour service windows): not loaded
    # by the first filing, inside its transaction (it held the write lock ~0.2 s).
    from django.utils import timezone

    from thongthin.core import thai

    thai.sla_due(timezone.now(), 1, "working")
    for name in (
        "thongthin/portal/home.html",
        "thongthin/staff/queue.html",
        "thongthin/index.html",
    ):
        get_template(name)


_warm_up()
