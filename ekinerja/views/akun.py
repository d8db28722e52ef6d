"""Login, logout, password change, the home page and the health check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..access import admin_scope
from ..forms import LoginForm
from ..health import health_status
from ..oidc import sso_aktif
from ..pengumuman import DI_BERANDA
from ..pengumuman import untuk as pengumuman_untuk
from ..selectors import atasan_for, bawahan_for, scope_summary
from ..services import pegawai_change_password, pegawai_tur_set


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if sso_aktif():  # the SSO button (docs/sso.md)
            context["sso_label"] = settings.OIDC_BUTTON_LABEL or _("Log in with SSO")
        return context


class PasswordChangeView(auth_views.PasswordChangeView):

    def form_valid(self, form):
        pegawai_change_password(pegawai=self.request.user,
                                new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect("home")


login_view = LoginView.as_view()
password_change_view = PasswordChangeView.as_view()


def home(request):
    user = request.user
    scope = admin_scope(user)
    bawahan = list(bawahan_for(user)[:200]) if user.unit_id else []
    context = {
        "atasan": atasan_for(user) if user.unit_id else None,
        "bawahan": bawahan,
        "scope": scope,
        "ringkasan": scope_summary(scope) if scope else None,
    }
    unread = list(pengumuman_untuk(user)[:DI_BERANDA + 1])
    context.update(pengumuman=unread[:DI_BERANDA], pengumuman_lagi=len(unread) > DI_BERANDA)
    return render(request, "ekinerja/home.html", context)


@login_not_required
@require_GET
@never_cache
def healthz(request):
    status = health_status()
    ok = all(part["ok"] for part in status.values())
    return JsonResponse({"status": "ok" if ok else "error", **status},
                        status=200 if ok else 503)



@require_GET
def tur_view(request):
    """The first-login tour as a page of its own (reopened from the menu)."""
    return render(request, "ekinerja/tur.html")


@require_POST
def tur_tutup_view(request):
    pegawai_tur_set(pegawai=request.user, ditutup=True)
    messages.success(request, _("The tour is closed; open it again from the menu under your "
                                "name."))
    return redirect("home")


@require_POST
def tur_buka_view(request):
    pegawai_tur_set(pegawai=request.user, ditutup=False)
    return redirect("home")
