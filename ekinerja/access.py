"""Who may see or act on whom. Every app builds its access rules on these functions.

The one rule for admin pages: a role that may never use a page gets 403 (`admin_required`:
no admin scope; `bkd_required`: not Admin BKD); an object outside the user's scope does not
exist (404, the `get_<entity>_for_admin` helpers).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Dokumen,
    Ekspor,
    Gangguan,
    HariLibur,
    ImporData,
    Jabatan,
    Notifikasi,
    Pegawai,
    PenugasanPlt,
    SiasnTarik,
    UnitKerja,
)
from .selectors import atasan_for, holds_head_post, penugasan_aktif


def admin_scope(user):
    """The unit an admin administers (the instansi for Admin BKD, an OPD for Admin OPD)."""
    if not user.is_authenticated or not user.aktif or user.admin_scope_id is None:
        return None
    return user.admin_scope


def lingkup_pantau(user):
    """The unit whose subtree `user` may monitor (figures and the people in it): an
    admin's scope, else the unit whose head post they hold; None for everyone else."""
    scope = admin_scope(user)
    if scope is not None:
        return scope
    return user.unit if user.is_authenticated and holds_head_post(user) else None


def unit_pantau(user, unit_pk=None):
    """(scope, unit) for the monitoring pages: the user's monitoring scope and the unit
    asked for within it (the scope itself when none is); 404 outside it or without one."""
    scope = lingkup_pantau(user)
    if scope is None:
        raise Http404
    unit = scope if unit_pk is None else UnitKerja.objects.filter(pk=unit_pk).first()
    if unit is None or not unit.path.startswith(scope.path):
        raise Http404
    return scope, unit


def is_admin_bkd(user):
    scope = admin_scope(user)
    return scope is not None and scope.parent_id is None


def unit_in_scope(scope, unit):
    return scope is not None and unit is not None and unit.path.startswith(scope.path)


def is_atasan_of(user, pegawai, atasan=None):
    """The person's atasan today, or whoever acts in the atasan's post today (Plh; a Plt
    of a vacant post is the atasan already). `atasan`: atasan_for(pegawai) if known."""
    atasan = atasan if atasan is not None else atasan_for(pegawai)
    if atasan is None:
        return False
    return atasan.pk == user.pk or (
        atasan.jabatan_id is not None
        and penugasan_aktif().filter(pegawai=user, jabatan_id=atasan.jabatan_id).exists())


def may_view_pegawai(user, pegawai):
    """The person themself, their atasan, and admins whose scope holds them."""
    if not user.is_authenticated:
        return False
    if user.pk == pegawai.pk or unit_in_scope(admin_scope(user), pegawai.unit):
        return True
    return is_atasan_of(user, pegawai)


def may_manage_pegawai(user, pegawai):
    """Admins manage the people of their scope, but never someone with wider rights: an
    Admin OPD must not reset the Admin BKD's password and log in as them."""
    scope = admin_scope(user)
    if not unit_in_scope(scope, pegawai.unit):
        return False
    if pegawai.is_superuser and not user.is_superuser:
        return False
    return pegawai.admin_scope_id is None or unit_in_scope(scope, pegawai.admin_scope)


def admin_required(view):
    """The BKD admin pages: 403 for anyone without an admin scope."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if admin_scope(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.gerbang = "admin"  # the test over every admin page finds the gated views
    return wrapper


def bkd_required(view):
    """The province's own pages (years, the indicator library, the calendar, the curve's
    limits, the catalogue's review, ...): 403 for anyone who is not Admin BKD."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_admin_bkd(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.gerbang = "bkd"
    return wrapper


def require_bkd(user):
    """The same gate inside a view that serves other roles too (one action of a page)."""
    if not is_admin_bkd(user):
        raise PermissionDenied


def get_unit_for_admin(user, pk):
    scope = admin_scope(user)
    unit = UnitKerja.objects.select_related("parent").filter(pk=pk).first()
    if unit is None or not unit_in_scope(scope, unit):
        raise Http404
    return unit


def get_jabatan_for_admin(user, pk):
    scope = admin_scope(user)
    jabatan = Jabatan.objects.select_related("unit").filter(pk=pk).first()
    if jabatan is None or not unit_in_scope(scope, jabatan.unit):
        raise Http404
    return jabatan


def get_pegawai_for_admin(user, pk):
    pegawai = (
        Pegawai.objects.select_related("unit", "jabatan", "atasan_override", "admin_scope")
        .filter(pk=pk).first()
    )
    if pegawai is None or not may_manage_pegawai(user, pegawai):
        raise Http404
    return pegawai


def get_penugasan_plt_for_admin(user, pk):
    """An acting assignment to a post in the admin's scope; else 404."""
    scope = admin_scope(user)
    if scope is None:
        raise Http404
    return get_object_or_404(PenugasanPlt, pk=pk, jabatan__unit__path__startswith=scope.path)


def get_impor_for_admin(user, pk):
    """Only the uploader sees an import: it holds a whole file of personal data. A person's
    own daily progress or SKP (kinerja) is not an admin import."""
    return get_object_or_404(ImporData.objects.exclude(jenis__in=ImporData.PRIBADI), pk=pk,
                             diunggah_oleh=user)


def get_siasn_tarik(pk):
    """A SIASN pull (its pages are the Admin BKD's: bkd_required)."""
    return get_object_or_404(SiasnTarik, pk=pk)


def get_ekspor_for(user, pk):
    """Only the one who asked for an export sees and downloads it."""
    return get_object_or_404(Ekspor.objects.select_related("unit"), pk=pk, diminta_oleh=user)


def get_notifikasi_for(user, pk):
    """Only the recipient opens a notification."""
    return get_object_or_404(Notifikasi, pk=pk, penerima=user)


def get_gangguan(pk):
    return get_object_or_404(Gangguan, pk=pk)


def get_hari_libur(pk):
    """A holiday of the calendar, which is the Admin BKD's (its writes are behind
    `bkd_required`); 404 when there is none."""
    return get_object_or_404(HariLibur, pk=pk)


def get_dokumen_by_token(token):
    """An issued document for whoever holds its token (the QR code: the public
    verification page); 404 for an unknown token."""
    return get_object_or_404(Dokumen.objects.select_related("pegawai"), token=token)


def get_perangkat_mfa_for(user, pk, jenis="totp"):
    """One of the person's own authenticator apps, or (`jenis` "kunci") security keys
    (ekinerja.mfa); anyone else's does not exist (404)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    model = WebAuthnCredential if jenis == "kunci" else TOTPDevice
    return get_object_or_404(model, pk=pk, user=user, confirmed=True)
