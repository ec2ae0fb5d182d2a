from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("staff/complaints/", views.staff_queue, name="staff-queue"),
    path("staff/complaints/new/", views.staff_new, name="staff-new"),
    path("staff/complaints/bulk-assign/", views.staff_bulk_assign, name="staff-bulk-assign"),
    path("staff/complaints/<str:number>/<str:what>/", views.staff_action, name="staff-action"),
    path("<slug:slug>/complaints/report/", views.report, name="report"),
    path("<slug:slug>/complaints/map/", views.public_map, name="map"),
    path("<slug:slug>/complaints/stats/", views.stats, name="stats"),
    path("<slug:slug>/complaints/export.csv", views.export_csv, name="export-csv"),
    path("<slug:slug>/complaints/export.geojson", views.export_geojson, name="export-geojson"),
    path(
        "<slug:slug>/complaints/track/<str:code>/<str:what>/",
        views.track_action,
        name="track-action",
    ),
    path("<slug:slug>/complaints/<str:number>/", views.public_case, name="public-case"),
]
