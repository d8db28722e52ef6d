"""Login through the national SSO (ekinerja.oidc, docs/sso.md): the start, which sends the
browser to the provider, and the callback it comes back to. Both 404 while the SSO is off;
both are open to anonymous users (they are the way in)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from ..oidc import SsoTidakTersedia, oidc_endpoints, sso_aktif


class SsoMulaiView(OIDCAuthenticationRequestView):

    def __init__(self, **kwargs):
        # Not the parent's: it reads the endpoint from settings; ours is discovered here,
        # when someone starts.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso_aktif():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_endpoints()["authorization_endpoint"]
        except SsoTidakTersedia:
            messages.error(request, _("The SSO cannot be reached right now. Log in with your "
                                      "NIP and password, or try again later."))
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoKembaliView(OIDCAuthenticationCallbackView):

    def get(self, request):
        if not sso_aktif():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this session did not start: a second tab, the back button, a replay.
            return self.login_failure()

    def login_failure(self):
        # The backend's reason when it refused the person, else the general one (the
        # person cancelled at the provider, a token that does not hold, ...).
        messages.error(self.request, getattr(self.request, "sso_penolakan", None) or _(
            "Logging in with SSO did not succeed. Try again, or log in with your NIP and "
            "password."))
        return redirect("login")


mulai_view = login_not_required(never_cache(SsoMulaiView.as_view()))
kembali_view = login_not_required(never_cache(SsoKembaliView.as_view()))
