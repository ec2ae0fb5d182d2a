from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from thongthin.core.api import api_with_modules
from thongthin.core.views import auth, files, line_webhook, portal
from thongthin.core.views.module_urls import module_urlpatterns

# Django's admin logs in through the staff log-in: one throttle, one second factor.
admin.site.login = auth.admin_login  # type: ignore[method-assign]

# Django's own 400 (e.g. too many fields) in the person's language, or the API's error shape.
handler400 = "thongthin.core.views.errors.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api_with_modules().urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/openapi.json", RedirectView.as_view(url="/api/v1/openapi.json", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", portal.healthz, name="healthz"),
    path("staff/", include("thongthin.core.views.staff_urls")),
    path("line/webhook/<slug:slug>/", line_webhook.webhook, name="line-webhook"),
    # Uploaded files only through an access check; there is no open /media/ URL.
    path("files/<str:key>/<str:variant>/", files.attachment, name="attachment"),
    # Each module's URLs (its root, /staff/ and /<slug>/ parts), before the portal catch-all.
    *module_urlpatterns(),
    path("", portal.index, name="index"),
    path("<slug:slug>/", include("thongthin.core.views.portal_urls")),
]
