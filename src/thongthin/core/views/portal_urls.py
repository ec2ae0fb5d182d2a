from django.urls import path

from . import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("submit/", portal.submit, name="submit"),
    path("track/", portal.track_search, name="track-search"),
    path("track/<str:code>/", portal.track, name="track"),
]
