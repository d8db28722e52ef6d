"""Who may see or act on the appraisal's records, built on `ekinerja.access` and
`kinerja.access`.

The rule (ekinerja.access): a role that may never use a page or an action gets 403 (the
admin pages use `admin_required`, the BKD-only ones `bkd_required` / `require_bkd`); a
record outside what the user may see does not exist (404, the `get_<entity>_...` helpers
below).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ekinerja.access import (
    admin_scope,
    is_admin_bkd,
    is_atasan_of,
    lingkup_pantau,
    may_view_pegawai,
    unit_in_scope,
)
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import atasan_for, holds_head_post, penugasan_aktif
from kinerja.access import may_decide
from kinerja.models import Aktivitas, Iki, Periode, TahunKinerja
from kinerja.selectors import validasi_pegawai_ids

from .models import (
    AksiDialog,
    Dialog,
    Evaluasi,
    Keberatan,
    KirimAngkaKredit,
    KirimSiasn,
    Penilai360,
    PredikatUnit,
    ResponSurvei,
    SesiKalibrasi,
    Skor,
    TugasHitung,
    UnitLayanan,
)

# --- validation -------------------------------------------------------------------------


def get_aktivitas_to_validate(user, pk, *, undo=False):
    """An activity this user may validate (or, to undo, validated), else 404."""
    aktivitas = (Aktivitas.objects.select_related("pegawai__unit", "iki").filter(pk=pk)
                 .first())
    if aktivitas is None:
        raise Http404
    if undo and aktivitas.divalidasi_oleh_id != user.pk:
        raise Http404  # only the one who decided undoes, and only while still entitled
    if aktivitas.dieskalasi_ke_id == user.pk and aktivitas.pegawai_id != user.pk:
        return aktivitas  # escalated to this user at the cut-off
    if aktivitas.pegawai_id == user.pk or not may_decide(user, aktivitas.pegawai):
        raise Http404
    return aktivitas


# --- scores -----------------------------------------------------------------------------


def get_skor_for(user, pk):
    """A score for whoever may see its person (`may_view_pegawai`), else 404."""
    skor = (Skor.objects.select_related("pegawai__unit", "periode", "tahun", "aturan", "skp")
            .filter(pk=pk).first())
    if skor is None or not may_view_pegawai(user, skor.pegawai):
        raise Http404
    return skor


def get_realisasi_manual_for(user, iki_pk, periode_pk):
    """(IKI, period) for entering a realisation by hand: the user's own IKI, else 404."""
    iki = (Iki.objects.select_related("rhk__skp__tahun")
           .filter(pk=iki_pk, rhk__skp__pegawai=user).first())
    periode = Periode.objects.select_related("tahun").filter(pk=periode_pk).first()
    if iki is None or periode is None:
        raise Http404
    return iki, periode


def get_tugas_for_admin(user, pk):
    """A recompute run of a unit in the admin's scope, else 404."""
    scope = admin_scope(user)
    return get_object_or_404(TugasHitung.objects.select_related("periode__tahun", "unit"),
                             pk=pk, unit__path__startswith=scope.path)


# --- evaluations and appeals ------------------------------------------------------------


def tim_evaluasi_ids(user):
    """The people this user evaluates (validates); 404 for someone who evaluates nobody."""
    ids = validasi_pegawai_ids(user)
    if not ids:
        raise Http404
    return ids


def get_pegawai_to_evaluate(user, pegawai_pk, tahun):
    """(pegawai, year) for the evaluation form: someone else whose work this user decides
    (`kinerja.access.may_decide`) and an existing year, else 404."""
    pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(pk=pegawai_pk).first()
    tahun_obj = TahunKinerja.objects.filter(tahun=tahun).first()
    if pegawai is None or tahun_obj is None or pegawai.pk == user.pk or \
            not may_decide(user, pegawai):
        raise Http404
    return pegawai, tahun_obj


def may_decide_keberatan(user, keberatan):
    """The atasan pejabat penilai: the evaluator's own atasan (or whoever acts in that
    post); when the evaluator has none in the system, the Admin BKD in scope. Never the
    evaluator or the employee."""
    evaluasi = keberatan.evaluasi
    if user.pk in (evaluasi.penilai_id, evaluasi.pegawai_id):
        return False
    penilai = evaluasi.penilai
    if penilai is not None and atasan_for(penilai) is not None:
        return may_decide(user, penilai)
    return is_admin_bkd(user) and unit_in_scope(admin_scope(user), evaluasi.pegawai.unit)


def get_evaluasi_for(user, pk):
    """(evaluation, its appeal or None, whether the user decides the appeal) for whoever
    may see the person, evaluated it or decides its appeal; else 404. A draft is the
    atasan's until it is final: 404 for the employee."""
    evaluasi = (Evaluasi.objects.select_related("pegawai__unit", "tahun", "periode", "penilai")
                .prefetch_related("rhk_set__rhk", "perilaku_set").filter(pk=pk).first())
    if evaluasi is None:
        raise Http404
    keberatan = Keberatan.objects.filter(evaluasi=evaluasi).first()
    pemutus = keberatan is not None and may_decide_keberatan(user, keberatan)
    if not (may_view_pegawai(user, evaluasi.pegawai) or user.pk == evaluasi.penilai_id
            or pemutus):
        raise Http404
    if evaluasi.status == Evaluasi.Status.DRAFT and user.pk == evaluasi.pegawai_id:
        raise Http404  # a draft is the atasan's until it is final
    return evaluasi, keberatan, pemutus


def get_keberatan_to_decide(user, pk):
    """(evaluation, appeal) for the one who decides the appeal (`may_decide_keberatan`);
    404 for everyone else."""
    evaluasi, keberatan, pemutus = get_evaluasi_for(user, pk)
    if not pemutus:
        raise Http404
    return evaluasi, keberatan


def keberatan_to_decide(user):
    """Appeals waiting for this user's decision."""
    waiting = (Keberatan.objects.filter(status=Keberatan.Status.DIAJUKAN)
               .select_related("evaluasi__pegawai__unit", "evaluasi__penilai",
                               "evaluasi__tahun", "evaluasi__periode"))
    return [k for k in waiting if may_decide_keberatan(user, k)]


# --- the organisation predikat and the distribution curve ------------------------------


def kepala_unit_of(pegawai):
    """The unit `pegawai` heads (holding its head post), or None."""
    return pegawai.unit if holds_head_post(pegawai) else None


def may_set_predikat_unit(user, unit):
    """Admin BKD in scope, or the unit's head (holding or acting in the post)."""
    if is_admin_bkd(user) and unit_in_scope(admin_scope(user), unit):
        return True
    if kepala_unit_of(user) == unit:
        return True
    return penugasan_aktif().filter(pegawai=user, jabatan__unit=unit,
                                    jabatan__kepala_unit=True).exists()


def may_view_kurva(user, unit):
    """A unit's curve: admins whose scope holds it, and whoever may set its predikat."""
    return unit_in_scope(admin_scope(user), unit) or may_set_predikat_unit(user, unit)


def kurva_units_for(user):
    """Units whose curve this user may see: OPDs in an admin's scope, or the unit they
    head; 404 for someone with none."""
    scope = admin_scope(user)
    units = []
    if scope is not None:
        units = list(UnitKerja.objects.filter(path__startswith=scope.path,
                                              jenis__in=UnitKerja.OPD_KINDS))
    own = kepala_unit_of(user)
    if own is not None and own not in units:
        units.insert(0, own)
    if not units:
        raise Http404
    return units


def get_kurva_for(user, unit_pk, tahun, *, ubah=False):
    """(unit, year, the unit's predikat of the year or None, whether the user may set it)
    for the curve page: 404 unless the user may see the unit's curve (`may_view_kurva`);
    with `ubah` (setting it), 404 too unless they may set it and it is not final."""
    unit = UnitKerja.objects.filter(pk=unit_pk).first()
    tahun_obj = TahunKinerja.objects.filter(tahun=tahun).first()
    if unit is None or tahun_obj is None or not may_view_kurva(user, unit):
        raise Http404
    current = PredikatUnit.objects.filter(unit=unit, tahun=tahun_obj).first()
    may_set = may_set_predikat_unit(user, unit) and not (current and current.final)
    if ubah and not may_set:
        raise Http404
    return unit, tahun_obj, current, may_set


# --- monitoring ------------------------------------------------------------------------


def bisa_lihat(user, unit):
    """Whether `unit` lies within the user's monitoring scope (`lingkup_pantau`)."""
    scope = lingkup_pantau(user)
    return scope is not None and unit.path.startswith(scope.path)



# --- service units and their IKM ---------------------------------------------------------


def unit_layanan_pantau(user):
    """(scope, its service units) for the IKM pages: an admin's scope or the unit a head
    heads (`lingkup_pantau`); 404 for everyone else."""
    scope = lingkup_pantau(user)
    if scope is None:
        raise Http404
    return scope, UnitLayanan.objects.filter(unit__path__startswith=scope.path)


def get_unit_layanan_for(user, pk):
    """A service unit within the user's monitoring scope, else 404."""
    _scope, units = unit_layanan_pantau(user)
    return get_object_or_404(units.select_related("unit"), pk=pk)


def get_unit_layanan_for_admin(user, pk):
    """A service unit to edit: in the admin's scope, else 404."""
    scope = admin_scope(user)
    return get_object_or_404(UnitLayanan, pk=pk, unit__path__startswith=scope.path)


def may_hide_komentar(user, unit_layanan):
    """The admins whose scope holds the service unit hide abusive comments."""
    scope = admin_scope(user)
    return scope is not None and unit_layanan.unit.path.startswith(scope.path)


def get_respon_to_hide(user, unit_layanan, pk):
    """An answer to `unit_layanan` whose comment this admin may hide, else 404."""
    respon = ResponSurvei.objects.filter(pk=pk, unit_layanan=unit_layanan).first()
    if respon is None or not may_hide_komentar(user, unit_layanan):
        raise Http404
    return respon


def may_batalkan_respon(user):
    """Voiding a burst of answers is BKD's (the action's gate is `require_bkd`)."""
    return is_admin_bkd(user)


def get_unit_layanan_survei(token):
    """The public survey (no login): an active service unit by its token, else 404."""
    return get_object_or_404(UnitLayanan.objects.select_related("unit"), token=token,
                             aktif=True)


def get_kirim_angka_kredit(pk):
    """A year's angka kredit sent to SIASN (its page is the Admin BKD's: bkd_required)."""
    return get_object_or_404(KirimAngkaKredit.objects.select_related("pegawai", "tahun"),
                             pk=pk)


def get_kirim_siasn(pk):
    """A result sent to SIASN (its page is the Admin BKD's: bkd_required)."""
    return get_object_or_404(KirimSiasn, pk=pk)


# --- angka kredit ----------------------------------------------------------------------------


# --- dialog kinerja ----------------------------------------------------------------------------


def may_view_dialog(user, dialog):
    """The two in the dialogue; the atasan's own atasan only when either shared it."""
    if user.pk in (dialog.pegawai_id, dialog.atasan_id):
        return True
    return dialog.dibagikan and is_atasan_of(user, dialog.atasan)


def get_dialog_for(user, pk):
    """A dialogue `user` may read; 404 for anyone else (admins included: it is private)."""
    dialog = Dialog.objects.select_related("pegawai__jabatan", "pegawai__unit", "atasan",
                                           "atasan__jabatan").filter(pk=pk).first()
    if dialog is None or not may_view_dialog(user, dialog):
        raise Http404
    return dialog


def get_aksi_of(dialog, pk):
    """An action of the pair of `dialog` (the same employee and atasan; agreed in it or in
    an earlier dialogue)."""
    return get_object_or_404(AksiDialog.objects.select_related("dialog"), pk=pk,
                             dialog__pegawai_id=dialog.pegawai_id,
                             dialog__atasan_id=dialog.atasan_id)


def get_self_or_subordinate(user, pk):
    """An active person `user` may hold a dialogue with or arrange 360 feedback for:
    themself or one they supervise; 404 for anyone else (admins and peers included)."""
    pegawai = Pegawai.objects.filter(pk=pk, aktif=True).select_related("jabatan", "unit") \
        .first()
    if pegawai is None or not (pegawai.pk == user.pk or is_atasan_of(user, pegawai)):
        raise Http404
    return pegawai


# --- calibration ---------------------------------------------------------------------------


def get_sesi_kalibrasi_for(user, pk):
    """(session, whether `user` facilitates it, the evaluators whose proposals they may
    preview or None for all): its facilitators (BKD in scope, the unit's head) see every
    row; the atasan of an evaluator in it sees that evaluator's rows; anyone else 404."""
    from ekinerja.selectors import bawahan_ids

    sesi = get_object_or_404(SesiKalibrasi.objects.select_related("unit", "tahun"), pk=pk)
    if may_set_predikat_unit(user, sesi.unit):
        return sesi, True, None
    team = bawahan_ids(user)
    if team and Evaluasi.objects.filter(tahun=sesi.tahun, nomor=0, penilai_id__in=team,
                                        pegawai__unit__path__startswith=sesi.unit.path
                                        ).exists():
        return sesi, False, team
    raise Http404


def get_evaluasi_in_sesi(sesi, pk, penilai=None):
    """An annual evaluation of the session's unit (of the given evaluators); 404 else."""
    rows = Evaluasi.objects.filter(tahun=sesi.tahun, nomor=0,
                                   pegawai__unit__path__startswith=sesi.unit.path)
    if penilai is not None:
        rows = rows.filter(penilai_id__in=penilai)
    return get_object_or_404(rows.select_related("pegawai__unit", "penilai", "tahun"), pk=pk)


# --- 360 feedback ---------------------------------------------------------------------------


def get_penilai360_for(user, pk):
    """A request for feedback addressed to `user`; 404 for anyone else."""
    return get_object_or_404(Penilai360.objects.select_related("pegawai", "putaran__tahun"),
                             pk=pk, penilai=user)
