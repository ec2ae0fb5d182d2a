from django.urls import path

from . import staff

app_name = "staff"
urlpatterns = [
    path("login/", staff.LoginView.as_view(), name="login"),
    path("logout/", staff.logout_then_login, name="logout"),
    path("", staff.queue, name="queue"),
    path("audit/", staff.audit, name="audit"),
    path("settings/", staff.locality_settings, name="settings"),
    path("cases/<str:number>/", staff.case_detail, name="case"),
    path("cases/<str:number>/personal-data/", staff.case_personal_data, name="case-personal-data"),
    path("cases/<str:number>/<str:what>/", staff.case_action, name="case-action"),
]
