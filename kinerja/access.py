"""Who may see or act on an SKP, an activity and its evidence, and the BKD's configuration,
built on the core's answer about people.

The rule (ekinerja.access): a role that may never use a page or an action gets 403 (the
BKD-only pages use `bkd_required`); an object outside what the user may see does not exist
(404, the `get_<entity>_...` helpers below).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ekinerja.access import (
    admin_scope,
    get_unit_for_admin,
    is_admin_bkd,
    is_atasan_of,
    may_view_pegawai,
    unit_in_scope,
)
from ekinerja.models import ImporData, Pegawai
from ekinerja.selectors import atasan_for, bawahan_for, opd_choices, penugasan_aktif

from .models import (
    Aktivitas,
    BuktiDukung,
    Iki,
    Indikator,
    Periode,
    RencanaAksi,
    Rhk,
    TemplateIki,
    TemplateRhk,
    UraianTugas,
)
from .selectors import skp_detail, skp_for_approval


def _get_or_404(model, pk, **filters):
    return get_object_or_404(model, pk=pk, **filters)


# --- the SKP ----------------------------------------------------------------------------


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


def get_skp_own(user, pk):
    """The user's own SKP, to edit or submit: 404 if they may not see it, 403 for someone
    who sees it but is not its owner (the atasan, an admin)."""
    skp = get_skp_for_user(user, pk)
    if not is_owner(user, skp):
        raise PermissionDenied
    return skp


def get_skp_to_decide(user, pk):
    """An SKP the user decides on (`may_decide`): 404 if they may not see it, 403 for
    someone who sees it but does not decide (its owner, an Admin OPD)."""
    skp = get_skp_for_user(user, pk)
    if not is_approver(user, skp):
        raise PermissionDenied
    return skp


def get_rhk_of_skp(skp, pk):
    """An RHK of this SKP; any other does not exist here (404)."""
    return _get_or_404(Rhk, pk, skp=skp)


def get_iki_of_skp(skp, pk):
    """An IKI of this SKP; any other does not exist here (404)."""
    return _get_or_404(Iki, pk, rhk__skp=skp)


def get_rencana_aksi_of_skp(skp, pk):
    """An action plan of this SKP; any other does not exist here (404)."""
    return _get_or_404(RencanaAksi, pk, rhk__skp=skp)


def skp_approval_rows(user):
    """The user's team with their SKPs (`selectors.skp_for_approval`); 403 for someone
    with no team."""
    rows = skp_for_approval(atasan=user)
    if not rows:
        raise PermissionDenied
    return rows


def get_progres_impor_own(user, pk):
    """A person's own Progres Harian import; anyone else's does not exist here (404)."""
    return _get_or_404(ImporData, pk, diunggah_oleh=user, jenis=ImporData.Jenis.PROGRES)


def get_skp_impor_own(user, skp, pk):
    """A person's own SKP import into this SKP; anyone else's does not exist here (404)."""
    impor = _get_or_404(ImporData, pk, diunggah_oleh=user, jenis=ImporData.Jenis.SKP)
    if impor.ringkasan.get("skp") != skp.pk:
        raise Http404
    return impor


def tim_progres(user):
    """The people whose Progres Harian the user exports as a team: their current team
    (`bawahan_for`); 403 for someone with no team."""
    team = list(bawahan_for(user))
    if not team:
        raise PermissionDenied
    return team


def matriks_unit(user, unit_pk=None):
    """(unit, opds) for the matrix of roles and results: heads see their own unit; admins
    a unit of their scope (`unit_pk`, else the scope itself for an Admin OPD, the first OPD
    for the Admin BKD) and pick from `opds`. 404 for a unit outside the scope, 403 for
    everyone else."""
    scope = admin_scope(user)
    head = user.jabatan and user.jabatan.kepala_unit and user.jabatan.unit_id == user.unit_id
    opds = list(opd_choices(scope)) if scope else []
    if scope and unit_pk:
        unit = get_unit_for_admin(user, unit_pk)
    elif scope:
        unit = scope if scope.parent_id else (opds[0] if opds else scope)
    elif head:
        unit = user.unit
    else:
        raise PermissionDenied
    return unit, opds



# --- people, activities and evidence ----------------------------------------------------


def get_pegawai_for_user(user, pk):
    """A person the user may see (themself, their atasan, an admin in scope), with their
    unit and post; else 404."""
    pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(pk=pk).first()
    if pegawai is None or not may_view_pegawai(user, pegawai):
        raise Http404
    return pegawai


def get_aktivitas_for_user(user, pk):
    """The activity if the user may see its owner's work, else 404."""
    aktivitas = (Aktivitas.objects.select_related("pegawai__unit", "iki")
                 .filter(pk=pk).first())
    if aktivitas is None or not may_view_pegawai(user, aktivitas.pegawai):
        raise Http404
    return aktivitas


def get_aktivitas_own(user, pk):
    """The user's own activity, to change, submit or attach evidence to: 404 if they may
    not see it, 403 for someone who sees it but is not its owner."""
    aktivitas = get_aktivitas_for_user(user, pk)
    if aktivitas.pegawai_id != user.pk:
        raise PermissionDenied
    return aktivitas


def get_bukti_for_user(user, pk):
    """Evidence for whoever may see its activity's owner (evidence files are private);
    else 404."""
    bukti = BuktiDukung.objects.select_related("aktivitas").filter(pk=pk).first()
    if bukti is None:
        raise Http404
    get_aktivitas_for_user(user, bukti.aktivitas_id)  # 404 for anyone who may not see it
    return bukti


def get_bukti_own(user, pk):
    """Evidence of the user's own activity, to remove: 404 if they may not see it, 403
    for someone who sees it but is not the owner."""
    bukti = get_bukti_for_user(user, pk)
    if bukti.aktivitas.pegawai_id != user.pk:
        raise PermissionDenied
    return bukti


# --- BKD's configuration ----------------------------------------------------------------


def get_periode(pk):
    """A period, on the pages only the Admin BKD reaches (`bkd_required`: every period
    is theirs); 404 when there is none."""
    return _get_or_404(Periode, pk)


def get_indikator(pk):
    """An indicator of the library, on the pages only the Admin BKD reaches
    (`bkd_required`); 404 when there is none."""
    return _get_or_404(Indikator, pk)


TEMPLATE_KINDS = {"rhk": (TemplateRhk, "jabatan"), "iki": (TemplateIki, "rhk__jabatan"),
                  "tugas": (UraianTugas, "jabatan")}


def get_template_item(jabatan, kind, pk):
    """A row of the position's template or task catalogue (`kind`: rhk, iki or tugas), the
    position already checked (`ekinerja.access.get_jabatan_for_admin`); any other kind, or
    a row of another position, is 404."""
    if kind not in TEMPLATE_KINDS:
        raise Http404
    model, field = TEMPLATE_KINDS[kind]
    return _get_or_404(model, pk, **{field: jabatan})
