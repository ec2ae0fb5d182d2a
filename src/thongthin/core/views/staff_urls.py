from django.urls import path

from . import auth, staff

app_name = "staff"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", staff.logout_then_login, name="logout"),
    path("2fa/", auth.two_factor_verify, name="2fa"),
    path("2fa/setup/", auth.two_factor_setup, name="2fa-setup"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("", staff.queue, name="queue"),
    path("audit/", staff.audit, name="audit"),
    path("settings/", staff.locality_settings, name="settings"),
    path("cases/<str:number>/", staff.case_detail, name="case"),
    path("cases/<str:number>/personal-data/", staff.case_personal_data, name="case-personal-data"),
    path("cases/<str:number>/<str:what>/", staff.case_action, name="case-action"),
]
