from django.urls import path

from . import views

app_name = "warroom"
urlpatterns = [
    path("cap/<slug:slug>.atom", views.cap_feed, name="cap-feed"),
    path("cap/<slug:slug>/<str:identifier>.xml", views.cap_alert, name="cap-alert"),
    path("staff/warroom/", views.room, name="room"),
    path("staff/warroom/stream/", views.stream, name="stream"),
    path("staff/warroom/alerts/", views.alert_list, name="alerts"),
    path(
        "staff/warroom/alerts/<str:identifier>/<slug:what>/",
        views.alert_action,
        name="alert-action",
    ),
    path("staff/warroom/people/", views.people_page, name="people"),
    path("staff/warroom/people/<slug:what>/", views.people_action, name="people-action"),
    path("staff/warroom/affected.csv", views.affected_csv, name="affected-csv"),
]
