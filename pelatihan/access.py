"""Who may see or act on training records, built on `ekinerja.access`.

The rule (ekinerja.access): a role that may never use a page or an action gets 403 (the
BKD-only pages and actions use `bkd_required` / `require_bkd`); a record outside what the
user may see does not exist (404, the `get_<entity>_...` helpers below).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ekinerja.access import admin_scope, is_admin_bkd, is_atasan_of, may_view_pegawai, unit_in_scope
from ekinerja.models import Pegawai

from .models import KegiatanBelajar, Partisipasi
from .selectors import rencana_dari

# --- participation ----------------------------------------------------------------------


def may_verify(user, partisipasi):
    """Classical paths: an admin whose scope holds the person (Admin BKD, or Admin OPD).
    Non-classical paths: the person's atasan (or whoever acts in that post). Never the
    person themself."""
    pegawai = partisipasi.pegawai
    if user.pk == pegawai.pk:
        return False
    if partisipasi.jalur.klasikal:
        return unit_in_scope(admin_scope(user), pegawai.unit)
    return is_atasan_of(user, pegawai)


def get_partisipasi_for(user, pk):
    """A training record for whoever may see its person, or verify it; else 404."""
    p = Partisipasi.objects.select_related("pegawai__unit", "jalur").filter(pk=pk).first()
    if p is None or not (may_view_pegawai(user, p.pegawai) or may_verify(user, p)):
        raise Http404
    return p


def get_partisipasi_to_verify(user, pk):
    """A training record the user may verify; 404 for anyone else (even those who see
    it)."""
    p = get_partisipasi_for(user, pk)
    if not may_verify(user, p):
        raise Http404
    return p


# --- the catalogue ----------------------------------------------------------------------


def may_edit_kegiatan(user, kegiatan):
    """Admin BKD keeps the catalogue; a proposer may amend their proposal while it waits."""
    return is_admin_bkd(user) or (kegiatan.dibuat_oleh_id == user.pk
                                  and kegiatan.status == KegiatanBelajar.Status.USULAN)


def get_kegiatan_to_edit(user, pk):
    """A catalogue entry the user may change (`may_edit_kegiatan`); else 404."""
    kegiatan = KegiatanBelajar.objects.filter(pk=pk).first()
    if kegiatan is None or not may_edit_kegiatan(user, kegiatan):
        raise Http404
    return kegiatan


def get_kegiatan_for_bkd(pk):
    """A catalogue entry for the Admin BKD's review (the view is behind `bkd_required`);
    404 when there is none."""
    return get_object_or_404(KegiatanBelajar, pk=pk)


# --- the development plan ---------------------------------------------------------------


def may_agree_rencana(user, rencana):
    return user.pk != rencana.pegawai_id and is_atasan_of(user, rencana.pegawai)


def get_pegawai_for(user, pk):
    """A person whose plan the user may see (`may_view_pegawai`); else 404."""
    pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(pk=pk).first()
    if pegawai is None or not may_view_pegawai(user, pegawai):
        raise Http404
    return pegawai


def get_rencana_own(user, tahun):
    """The user's own plan of the year; 404 when they have none."""
    rencana = rencana_dari(user, tahun)
    if rencana is None:
        raise Http404
    return rencana


def get_rencana_to_decide(user, pk, tahun):
    """(pegawai, plan) for the atasan's decision: 404 when the person is out of the user's
    sight or has no plan that year; 403 when the user sees it but is not the atasan."""
    pegawai = get_pegawai_for(user, pk)
    rencana = rencana_dari(pegawai, tahun)
    if rencana is None:
        raise Http404
    if not may_agree_rencana(user, rencana):
        raise PermissionDenied
    return pegawai, rencana
