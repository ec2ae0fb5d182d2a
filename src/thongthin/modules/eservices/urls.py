"""E-services URLs, mounted by the core: ``portal_urlpatterns`` under /<locality slug>/, in the
``eservices`` namespace. A locality that has switched the module off answers "not found"."""

from django.urls import path

from . import views

app_name = "eservices"

portal_urlpatterns = [
    path("services/", views.catalogue, name="catalogue"),
    path("services/<slug:code>/", views.service, name="service"),
    path("services/<slug:code>/apply/", views.apply, name="apply"),
    path("applications/<str:code>/supply/", views.supply, name="supply"),
]

staff_urlpatterns = [
    path("eservices/<str:number>/money/<str:what>/", views.money, name="money"),
    path("eservices/receipts/<int:pk>/", views.receipt, name="receipt"),
]
