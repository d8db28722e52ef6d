"""Who may see or act on an SKP, built on the core's answer about people."""

from django.http import Http404

from ekinerja.access import (
    admin_scope,
    is_admin_bkd,
    is_atasan_of,
    may_view_pegawai,
    unit_in_scope,
)
from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for, penugasan_aktif

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
    """Who decides on a person's plan and work: their current atasan, or whoever acts in
    the atasan's post today (Plt/Plh; a Plt of a vacant post is the atasan already).
    Someone with no atasan in the system (a head of OPD, whose pejabat penilai is the
    kepala daerah: PermenPANRB 6/2022) is decided by the Admin BKD on the kepala daerah's
    behalf."""
    atasan = atasan_for(pegawai)
    if atasan is not None:
        return is_atasan_of(user, pegawai, atasan)
    return is_admin_bkd(user) and unit_in_scope(admin_scope(user), pegawai.unit)


def kapasitas(user, pegawai):
    """For the audit: when `user` decides for `pegawai` by acting in a post, the post, the
    decree and whom they stand in for (the post's holder, or a vacancy). Else None."""
    if pegawai.unit_id is None:
        return None
    penugasan = (penugasan_aktif().filter(pegawai=user, jabatan__kepala_unit=True,
                                          jabatan__unit_id__in=pegawai.unit.ancestor_ids())
                 .select_related("jabatan").order_by("-jabatan__unit__path").first())
    if penugasan is None:
        return None
    holder = (Pegawai.objects.filter(jabatan=penugasan.jabatan, aktif=True)
              .exclude(pk=user.pk).values_list("nip", "nama").first())
    return {"sebagai": f"{penugasan.get_jenis_display()} {penugasan.jabatan.nama}",
            "sk": penugasan.nomor_sk,
            "menggantikan": f"{holder[1]} ({holder[0]})" if holder else "lowong"}


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
