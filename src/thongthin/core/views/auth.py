"""Staff log-in, its throttle, the second factor and password reset.

The throttle is django-axes (per account and per address, see ``AXES_*`` in settings); the
second factor is django-otp (a TOTP app, with one-time recovery codes); the reset is Django's
own, by e-mail, answering the same whether the address has an account or not.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ..errors import RateLimited
from ..http import client_ip
from ..ratelimit import rate_limit_check
from ..services import twofactor
from ..services.audit import AuditAction, audit_record


class LoginView(auth_views.LoginView):
    template_name = "thongthin/staff/login.html"
    redirect_authenticated_user = True


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    """What a throttled log-in gets (django-axes calls this): the same page with the reason,
    status 429; the right password is refused too until the lock lifts."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    error = RateLimited(
        _("Too many failed log-ins. Try again in %(minutes)s minutes or ask an administrator."),
        code="login_locked",
        params={"minutes": minutes},
    )
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=429, json_dumps_params={"ensure_ascii": False})
    return render(
        request,
        "thongthin/staff/login.html",
        {"locked": error.message, "next": request.POST.get("next", "")},
        status=429,
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:queue")


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': _next_url(request)})}"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a log-in: a code from the app, or one recovery code."""
    if not twofactor.has_device(request.user):
        return redirect(_with_next(reverse("staff:2fa-setup"), request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["token"], ip=client_ip(request)):
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right, or it was used already."))
    return render(
        request, "thongthin/staff/two_factor.html", {"form": form, "next": _next_url(request)}
    )


ENROLMENT = "thongthin_2fa_enrolment"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the key), confirm with a code, keep the recovery
    codes shown once. Each visit makes a new key, kept for this session only."""
    user = request.user
    if twofactor.has_device(user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_with_next(reverse("staff:2fa"), request))
    if request.method == "GET":
        device = twofactor.enrolment_start(user)
        request.session[ENROLMENT] = device.pk
    else:
        found = twofactor.enrolment_device(user, request.session.get(ENROLMENT))
        if found is None:  # started elsewhere, or confirmed already: start again
            return redirect(_with_next(reverse("staff:2fa-setup"), request))
        device = found
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(
            request, device, form.cleaned_data["token"], ip=client_ip(request)
        )
        if codes is not None:
            return render(
                request,
                "thongthin/staff/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("That code is not right; check the time on your phone."))
    return render(
        request,
        "thongthin/staff/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "next": _next_url(request),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and always answers "sent if it exists". Throttled per address
    (an anonymous caller can make the server send mail)."""

    template_name = "thongthin/staff/password_reset.html"
    email_template_name = "thongthin/staff/password_reset_email.txt"
    subject_template_name = "thongthin/staff/password_reset_subject.txt"
    success_url = reverse_lazy("staff:password-reset-done")

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            rate_limit_check(scope="password-reset", ident=client_ip(request) or "-", rate="5/3600")
        except RateLimited as exc:
            form = self.get_form()
            form.is_valid()
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        from django.conf import settings

        # The link points at the address the site really serves on, not the Host header.
        self.extra_email_context = {"public_base_url": settings.THONGTHIN["PUBLIC_BASE_URL"]}
        audit_record(action=AuditAction.PASSWORD_RESET_ASKED, ip=client_ip(self.request))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "thongthin/staff/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "thongthin/staff/password_reset_confirm.html"
    success_url = reverse_lazy("staff:password-reset-complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        user = form.user
        audit_record(
            action=AuditAction.PASSWORD_RESET,
            locality=user.locality,
            actor=user,
            obj=user,
            ip=client_ip(self.request),
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "thongthin/staff/password_reset_complete.html"


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Django's /admin/ logs in through the staff log-in (one throttle, one second factor).
    Someone signed in without the admin's rights is told so (not sent round in a loop)."""
    if request.user.is_authenticated:
        return render(request, "thongthin/staff/forbidden.html", status=403)
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('staff:login')}?{urlencode({'next': target})}")
