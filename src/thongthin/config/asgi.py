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
    for name in (
        "thongthin/portal/home.html",
        "thongthin/staff/queue.html",
        "thongthin/index.html",
    ):
        get_template(name)


_warm_up()
