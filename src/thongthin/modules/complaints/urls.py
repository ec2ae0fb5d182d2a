"""Complaint URLs: Open311 at the site root, the citizen's pages under /<slug>/, the back
office under /staff/ (mounted by the core, see ``Module.urls``)."""

from django.urls import include, path

from . import views

app_name = "complaints"

root_urlpatterns = [
    path("open311/v2/", include("thongthin.modules.complaints.open311")),
]

staff_urlpatterns = [
    path("complaints/", views.staff_queue, name="staff-queue"),
    path("complaints/new/", views.staff_new, name="staff-new"),
    path("complaints/bulk-assign/", views.staff_bulk_assign, name="staff-bulk-assign"),
    path("complaints/<str:number>/<str:what>/", views.staff_action, name="staff-action"),
]

portal_urlpatterns = [
    path("complaints/report/", views.report, name="report"),
    path("complaints/map/", views.public_map, name="map"),
    path("complaints/stats/", views.stats, name="stats"),
    path("complaints/export.csv", views.export_csv, name="export-csv"),
    path("complaints/export.geojson", views.export_geojson, name="export-geojson"),
    path("complaints/track/<str:code>/<str:what>/", views.track_action, name="track-action"),
    path("complaints/handover/<str:token>/", views.handover, name="handover"),
    path("complaints/<str:number>/", views.public_case, name="public-case"),
]
