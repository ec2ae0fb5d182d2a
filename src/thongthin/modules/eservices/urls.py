"""E-services URLs, mounted by the core: ``portal_urlpatterns`` under /<locality slug>/, in the
``eservices`` namespace. A locality that has switched the module off answers "not found"."""

from django.urls import path

from . import views

app_name = "eservices"

portal_urlpatterns = [
    path("services/", views.catalogue, name="catalogue"),
    path("services/<slug:code>/", views.service, name="service"),
    path("services/<slug:code>/apply/", views.apply, name="apply"),
    path("services/<slug:code>/book/", views.book, name="book"),
    path("appointments/<str:token>/", views.appointment, name="appointment"),
    path("applications/<str:code>/supply/", views.supply, name="supply"),
    path("applications/<str:code>/rate/", views.rate, name="rate"),
    path("applications/<str:code>/document.pdf", views.my_document_pdf, name="my_document_pdf"),
    path(
        "applications/<str:code>/receipts/<int:pk>.pdf", views.my_receipt_pdf, name="my_receipt_pdf"
    ),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("queue/", views.kiosk, name="kiosk"),
    path("queue/t/<str:token>/", views.ticket, name="ticket"),
    path("queue/display/", views.display, name="display"),
    path("queue/display/stream/", views.display_stream, name="display_stream"),
]

staff_urlpatterns = [
    path("eservices/<str:number>/money/<str:what>/", views.money, name="money"),
    path("eservices/receipts/<int:pk>/", views.receipt, name="receipt"),
    path("eservices/receipts/<int:pk>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("eservices/documents/<int:pk>.pdf", views.document_pdf, name="document_pdf"),
    path("eservices/statements/", views.statements, name="statements"),
    path("eservices/reports/", views.report_page, name="reports"),
    path("eservices/reports.csv", views.report_csv, name="report_csv"),
    path("eservices/counter/", views.counter, name="counter"),
    path("eservices/appointments/", views.appointments, name="appointments"),
    path("eservices/walk-in/", views.walk_in, name="walk_in"),
    path("eservices/walk-in/<slug:code>/", views.walk_in, name="walk_in_service"),
]
