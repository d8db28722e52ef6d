from contextvars import ContextVar

from django.shortcuts import redirect
from django.urls import reverse

# The address of the request being served, read by the audit helper: services do not
# take the request, but every audit row records where the action came from.
current_ip = ContextVar("current_ip", default=None)


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class ForcePasswordChangeMiddleware:
    """After an admin-issued reset, nothing but the password change page until it is done."""

    ALLOWED = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.harus_ganti_password:
            allowed = [reverse(name) for name in self.ALLOWED]
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)
