"""Who may see or act on an SKP, built on the core's answer about people."""

from django.http import Http404

from ekinerja.access import admin_scope, is_admin_bkd, may_view_pegawai, unit_in_scope
from ekinerja.selectors import atasan_for

from .selectors import skp_detail


def get_skp_for_user(user, pk):
    """The SKP if the user may see it (owner, current atasan, admin in scope), else 404."""
    skp = skp_detail(pk)
    if skp is None or not may_view_pegawai(user, skp.pegawai):
        raise Http404
    return skp


def is_owner(user, skp):
    return user.pk == skp.pegawai_id


def may_decide(user, pegawai):
    """Who approves a person's plan: their current atasan. Someone with no atasan in the
    system (a head of OPD, whose pejabat penilai is the kepala daerah: PermenPANRB 6/2022)
    is decided by the Admin BKD on the kepala daerah's behalf."""
    atasan = atasan_for(pegawai)
    if atasan is not None:
        return atasan.pk == user.pk
    return is_admin_bkd(user) and unit_in_scope(admin_scope(user), pegawai.unit)


def is_approver(user, skp):
    return may_decide(user, skp.pegawai)


def get_aktivitas_for_user(user, pk):
    """The activity if the user may see its owner's work, else 404."""
    from .models import Aktivitas

    aktivitas = (Aktivitas.objects.select_related("pegawai__unit", "iki")
                 .filter(pk=pk).first())
    if aktivitas is None or not may_view_pegawai(user, aktivitas.pegawai):
        raise Http404
    return aktivitas
