"""EMS URLs: the citizen's SOS page under /<slug>/, the dispatch room under /staff/."""

from django.urls import path

from . import views

app_name = "ems"

staff_urlpatterns = [
    path("ems/", views.room, name="room"),
    path("ems/stream/", views.stream, name="stream"),
    path("ems/crew/", views.crew, name="crew"),
    path("ems/crew/<slug:code>/status/", views.crew_status, name="crew-status"),
    path("ems/reports/", views.report_page, name="reports"),
    path("ems/export.csv", views.export, name="export"),
    path("ems/incidents/<str:number>/", views.incident, name="incident"),
    path("ems/incidents/<str:number>/<slug:what>/", views.incident_action, name="incident-action"),
]

portal_urlpatterns = [
    path("ems/sos/", views.sos, name="sos"),
]
