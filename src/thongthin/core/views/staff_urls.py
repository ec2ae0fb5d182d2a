from django.urls import path

from . import admin, auth, staff

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
    path("settings/", admin.profile, name="settings"),
    path("admin/", admin.admin_home, name="admin"),
    path("admin/line/", admin.line, name="admin-line"),
    path("admin/staff/", admin.staff_list, name="admin-staff"),
    path("admin/staff/invite/", admin.staff_new, name="admin-staff-new"),
    path("admin/staff/import/", admin.staff_import_page, name="admin-staff-import"),
    path("admin/staff/<int:pk>/", admin.staff_edit, name="admin-staff-edit"),
    path("admin/staff/<int:pk>/<str:what>/", admin.staff_action, name="admin-staff-action"),
    path("admin/keys/", admin.keys, name="admin-keys"),
    path("admin/keys/<int:pk>/revoke/", admin.key_revoke, name="admin-key-revoke"),
    path("admin/localities/", admin.localities, name="admin-localities"),
    path("admin/<str:module>/<str:code>/", admin.reference_list, name="admin-list"),
    path("admin/<str:module>/<str:code>/new/", admin.reference_edit, name="admin-new"),
    path("admin/<str:module>/<str:code>/<int:pk>/", admin.reference_edit, name="admin-edit"),
    path("welcome/<str:token>/", admin.welcome, name="welcome"),
    path("cases/<str:number>/", staff.case_detail, name="case"),
    path("cases/<str:number>/personal-data/", staff.case_personal_data, name="case-personal-data"),
    path("cases/<str:number>/<str:what>/", staff.case_action, name="case-action"),
]
