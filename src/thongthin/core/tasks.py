"""Background tasks (Django's tasks framework; the django-tasks backport on Django 5.2)."""

from __future__ import annotations

try:  # Django 6
    from django.tasks import task
except ImportError:  # Django 5.2 with the django-tasks backport
    from django_tasks import task  # type: ignore[no-redef]

from .models import LineEvent


@task()
def process_line_event(event_id: int) -> None:
    from .services.line import line_event_process

    event = LineEvent.objects.unscoped().select_related("locality").filter(pk=event_id).first()
    if event is not None:
        line_event_process(event=event)
