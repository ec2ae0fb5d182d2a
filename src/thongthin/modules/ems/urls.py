from django.urls import path

from . import views

app_name = "ems"
urlpatterns = [
    path("staff/ems/", views.room, name="room"),
    path("staff/ems/stream/", views.stream, name="stream"),
    path("staff/ems/crew/", views.crew, name="crew"),
    path("staff/ems/crew/<slug:code>/status/", views.crew_status, name="crew-status"),
    path("staff/ems/reports/", views.report_page, name="reports"),
    path("staff/ems/export.csv", views.export, name="export"),
    path("staff/ems/incidents/<str:number>/", views.incident, name="incident"),
    path(
        "staff/ems/incidents/<str:number>/<slug:what>/",
        views.incident_action,
        name="incident-action",
    ),
    path("<slug:slug>/ems/sos/", views.sos, name="sos"),
]
