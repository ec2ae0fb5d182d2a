"""Care URLs, mounted by the core: ``portal_urlpatterns`` under /<locality slug>/ (a person's
own link for home readings and rides), ``staff_urlpatterns`` under /staff/, in the ``care``
namespace. A locality that has switched the module off answers "not found" for all of them."""

from django.urls import path

from . import views

app_name = "care"

portal_urlpatterns = [
    path("care/<str:token>/", views.my_care, name="my_care"),
]

staff_urlpatterns = [
    path("care/people/", views.people, name="people"),
    path("care/people/new/", views.person_new, name="person_new"),
    path("care/people/<int:pk>/", views.person, name="person"),
    path("care/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("care/people/<int:pk>/assess/", views.assess, name="assess"),
    path("care/people/<int:pk>/plan/", views.plan_new, name="plan_new"),
    path("care/plans/", views.plans, name="plans"),
    path("care/plans/<int:pk>/", views.plan, name="plan"),
    path("care/plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("care/visits/mine/", views.my_visits, name="my_visits"),
    path("care/visits/<int:pk>/photos/<int:attachment>/", views.visit_photo, name="visit_photo"),
    path("care/sw.js", views.service_worker, name="service_worker"),
    path("care/rides/", views.rides, name="rides"),
    path("care/rides/new/", views.ride_new, name="ride_new"),
    path("care/rides/<int:pk>/", views.ride, name="ride"),
    path("care/route/mine/", views.my_route, name="my_route"),
    path("care/clinic/", views.clinic, name="clinic"),
    path("care/reports/", views.reports, name="reports"),
    path("care/export-43.zip", views.export_43, name="export_43"),
]
