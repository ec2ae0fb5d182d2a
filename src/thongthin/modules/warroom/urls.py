"""War-room URLs: the public CAP feed at the site root, the war room under /staff/."""

from django.urls import path

from . import views

app_name = "warroom"

root_urlpatterns = [
    path("cap/<slug:slug>.atom", views.cap_feed, name="cap-feed"),
    path("cap/<slug:slug>/<str:identifier>.xml", views.cap_alert, name="cap-alert"),
]

staff_urlpatterns = [
    path("warroom/", views.room, name="room"),
    path("warroom/stream/", views.stream, name="stream"),
    path("warroom/alerts/", views.alert_list, name="alerts"),
    path("warroom/alerts/<str:identifier>/<slug:what>/", views.alert_action, name="alert-action"),
    path("warroom/people/", views.people_page, name="people"),
    path("warroom/people/<slug:what>/", views.people_action, name="people-action"),
    path("warroom/affected.csv", views.affected_csv, name="affected-csv"),
]
