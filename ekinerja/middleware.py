import time
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The address of the request being served, read by the audit helper: services do not
# take the request, but every audit row records where the action came from.
current_ip = ContextVar("current_ip", default=None)


def client_ip(request):
    """The client's address. Behind PROXY_COUNT reverse proxies, each appending to
    X-Forwarded-For, it is the entry that many from the end (earlier entries are whatever
    the client claimed); without proxies, the connection's address."""
    count = settings.AXES_IPWARE_PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


def alamat_situs(request=None):
    """The address people reach the application at, for links that leave it (the QR code
    of a PDF, a notification e-mail): SITE_URL when set, else the request's own scheme and
    host (behind the proxy, the X-Forwarded-Proto it sets), else the local run's."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return "http://127.0.0.1:8000"


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def _masuk_lewat_sso(request):
    """Logged in through the SSO (ekinerja.oidc), not with the local password. Such a
    session is not held to the change of an admin-issued password: the person did not use
    it. The flag stays, so the first login with that password still forces the change."""
    return request.session.get(BACKEND_SESSION_KEY) == "ekinerja.oidc.PegawaiOIDCBackend"


class ForcePasswordChangeMiddleware:
    """After an admin-issued reset, nothing but the password change page until it is done."""

    ALLOWED = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.harus_ganti_password \
                and not _masuk_lewat_sso(request):
            allowed = [reverse(name) for name in self.ALLOWED]
            if request.path not in allowed and not request.path.startswith("/static/"):
                if request.headers.get("HX-Request"):
                    # A background poll must not swap the password page into a badge.
                    return HttpResponse(status=204)
                return redirect("password_change")
        return self.get_response(request)


class LanguageMiddleware:
    """Indonesian for everyone unless they chose English on the page.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    PCs run an English Windows; the product's language is Indonesian (style.md, i18n).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def passive(view):
    """Mark a view that the browser calls by itself (a badge polled every few seconds): it
    must not count as activity, or an idle session would never time out."""
    view.passive_request = True
    return view


class IdleSessionMiddleware:
    """Sessions expire after SESSION_IDLE_MINUTES without a request from the person: a
    request the person makes (not the passive polls) moves the expiry forward, at most
    once a minute (the idle limit is whole minutes; saving the session on every request
    cost a database write per page, measured by bench_load)."""

    KEY = "_aktif_terakhir"
    STEP = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and \
                not getattr(request, "_passive_request", False):
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= self.STEP:
                request.session[self.KEY] = now  # saved, with a new expiry
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._passive_request = getattr(view_func, "passive_request", False)
