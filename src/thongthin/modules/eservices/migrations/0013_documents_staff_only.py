"""Documents sent with an application (ID card copies, house registrations, plans) were stored
as public files: shown as thumbnails on the tracking page and open to anyone with the link.
They become staff-only, with their timeline entries."""

from django.db import migrations


def documents_staff_only(apps, schema_editor):
    Attachment = apps.get_model("core", "Attachment")
    CaseEvent = apps.get_model("core", "CaseEvent")
    documents = Attachment._base_manager.filter(case__kind="application", public=True)
    ids = set(documents.values_list("pk", flat=True))
    if not ids:
        return
    documents.update(public=False)
    events = CaseEvent._base_manager.filter(case__kind="application", kind="attachment", public=True)
    private = [
        pk
        for pk, data in events.values_list("pk", "data")
        if (data or {}).get("attachment_id") in ids
    ]
    CaseEvent._base_manager.filter(pk__in=private).update(public=False)


class Migration(migrations.Migration):
    dependencies = [
        ("eservices", "0012_fee_per_unit"),
        ("core", "0008_indexes_where_needed"),
    ]

    operations = [migrations.RunPython(documents_staff_only, migrations.RunPython.noop)]
