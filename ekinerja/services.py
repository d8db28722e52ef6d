"""Writes of the organisation core. Each is atomic, validates, and leaves an audit row."""

import datetime as dt
import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import admin_scope, unit_in_scope
from .audit import audit_changes, audit_record, snapshot
from .golongan import golongan_valid
from .models import Jabatan, KunciKiriman, Pegawai, PenugasanPlt, RiwayatJabatan, UnitKerja
from .nip import nip_errors, normalize_nip
from .selectors import SupervisorCycle, atasan_chain

UNIT_FIELDS = ["kode", "nama", "jenis", "parent", "aktif", "hari_kerja", "kode_siasn"]
JABATAN_FIELDS = ["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "unit", "kepala_unit",
                  "aktif"]
PEGAWAI_FIELDS = ["nip", "nama", "gelar_depan", "gelar_belakang", "jenis", "golongan",
                  "jabatan", "unit", "atasan_override", "admin_scope", "email", "aktif"]

# Levels of the tree: instansi -> OPD -> bidang/bagian/biro -> sub-unit. A unit's parent
# sits on a higher level (an RSUD's instalasi may hang directly under the OPD).
LEVEL = {
    UnitKerja.Jenis.INSTANSI: 0,
    **{kind: 1 for kind in UnitKerja.OPD_KINDS},
    UnitKerja.Jenis.BIRO: 2,
    UnitKerja.Jenis.BIDANG: 2,
    UnitKerja.Jenis.BAGIAN: 2,
    UnitKerja.Jenis.SUB_UNIT: 3,
}


def unit_parent_error(jenis, parent):
    """Why `parent` cannot hold a unit of kind `jenis` (None if it can)."""
    if jenis == UnitKerja.Jenis.INSTANSI:
        return _("A government (instansi) has no parent unit.") if parent else None
    if parent is None:
        return _("Choose the parent unit.")
    if LEVEL[parent.jenis] >= LEVEL[jenis]:
        return _("A %(kind)s cannot be placed under a %(parent)s.") % {
            "kind": UnitKerja.Jenis(jenis).label, "parent": UnitKerja.Jenis(parent.jenis).label}
    if jenis in UnitKerja.OPD_KINDS and parent.jenis != UnitKerja.Jenis.INSTANSI:
        return _("An OPD must be placed directly under the government (instansi).")
    if jenis not in UnitKerja.OPD_KINDS and parent.jenis == UnitKerja.Jenis.INSTANSI:
        return _("Only an OPD can be placed directly under the government (instansi).")
    return None


def _audit_save(*, actor, kind, obj, old, fields):
    """One audit row for a create, or for an update with only the fields that changed."""
    after = snapshot(obj, fields)
    if old is None:
        audit_record(actor=actor, action=f"{kind}.create", target=obj, after=after)
    else:
        before, after = audit_changes(snapshot(old, fields), after)
        audit_record(actor=actor, action=f"{kind}.update", target=obj, before=before,
                     after=after)


@transaction.atomic
def unit_kerja_save(*, unit, actor):
    """Create or update a unit, keeping the materialised path of its subtree correct."""
    old = UnitKerja.objects.select_for_update().get(pk=unit.pk) if unit.pk else None
    error = unit_parent_error(unit.jenis, unit.parent)
    if error:
        raise ValidationError({"parent": error})
    if old and unit.parent and unit.parent.path.startswith(old.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or its own "
                                           "sub-units.")})
    if old and old.aktif and not unit.aktif:
        if Pegawai.objects.filter(unit=unit, aktif=True).exists() or \
                UnitKerja.objects.filter(parent=unit, aktif=True).exists():
            raise ValidationError(_("This unit still has active employees or sub-units; move "
                                    "or deactivate them first."))
    unit.full_clean(exclude=["path"])
    unit.save()
    new_path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
    if old is None:
        UnitKerja.objects.filter(pk=unit.pk).update(path=new_path)
    elif old.path != new_path:
        # Move the whole subtree in one statement.
        UnitKerja.objects.filter(path__startswith=old.path).update(
            path=Concat(Value(new_path), Substr(F("path"), len(old.path) + 1))
        )
    unit.path = new_path
    _audit_save(actor=actor, kind="unit", obj=unit, old=old, fields=UNIT_FIELDS)
    return unit


@transaction.atomic
def jabatan_save(*, jabatan, actor):
    old = Jabatan.objects.select_for_update().get(pk=jabatan.pk) if jabatan.pk else None
    if jabatan.jenis != Jabatan.Jenis.FUNGSIONAL:
        jabatan.jenjang = ""
    elif not jabatan.jenjang:
        raise ValidationError({"jenjang": _("A fungsional position needs its level.")})
    jabatan.full_clean()
    if old and old.unit_id != jabatan.unit_id and old.pemegang.filter(aktif=True).exists():
        raise ValidationError({"unit": _("People hold this position; move them before moving "
                                         "the position to another unit.")})
    jabatan.save()
    _audit_save(actor=actor, kind="jabatan", obj=jabatan, old=old, fields=JABATAN_FIELDS)
    return jabatan


def pegawai_errors(pegawai):
    """Rules on one person that no single column constraint can express."""
    errors = {}
    found = nip_errors(pegawai.nip, jenis=pegawai.jenis)
    if found:
        errors["nip"] = found
    if pegawai.jenis and not golongan_valid(pegawai.jenis, pegawai.golongan):
        errors["golongan"] = [_("This golongan does not exist for %(jenis)s.")
                              % {"jenis": pegawai.jenis}]
    if pegawai.jabatan_id and pegawai.unit_id and pegawai.jabatan.unit_id != pegawai.unit_id:
        errors["jabatan"] = [_("The position belongs to another unit (%(unit)s).")
                             % {"unit": pegawai.jabatan.unit}]
    if pegawai.admin_scope_id and LEVEL[pegawai.admin_scope.jenis] > 1:
        errors["admin_scope"] = [_("An admin administers the whole government or one OPD.")]
    if pegawai.aktif and pegawai.jabatan_id and pegawai.jabatan.kepala_unit:
        holder = (Pegawai.objects.filter(jabatan_id=pegawai.jabatan_id, aktif=True)
                  .exclude(pk=pegawai.pk).first())
        if holder:
            errors["jabatan"] = [_("This head post is already held by %(name)s.")
                                 % {"name": holder}]
    return errors


@transaction.atomic
def pegawai_save(*, pegawai, actor, tmt=None):
    """Create or update a person. A new person gets no usable password until an admin
    issues one (pegawai_reset_password). A changed post enters the history from `tmt`
    (today when not given)."""
    old = Pegawai.objects.select_for_update().get(pk=pegawai.pk) if pegawai.pk else None
    pegawai.nip = normalize_nip(pegawai.nip)
    errors = pegawai_errors(pegawai)
    if errors:
        raise ValidationError(errors)
    if actor is not None and pegawai.atasan_override_id and \
            pegawai.atasan_override_id != (old.atasan_override_id if old else None):
        _check_override(pegawai, actor)
    if old is None:
        pegawai.set_unusable_password()
    pegawai.full_clean(exclude=["password"])
    pegawai.save()
    if pegawai.atasan_override_id:
        try:
            atasan_chain(pegawai)
        except SupervisorCycle as cycle:
            raise ValidationError({"atasan_override": _(
                "This supervisor would create a cycle: %(chain)s.") % {"chain": cycle}}) from None
    _audit_save(actor=actor, kind="pegawai", obj=pegawai, old=old, fields=PEGAWAI_FIELDS)
    riwayat_jabatan_catat({pegawai.pk: (pegawai.jabatan_id,
                                        tmt or (pegawai.tanggal_mulai if old is None else None))})
    return pegawai


def _check_override(pegawai, actor):
    """Who may be named someone's supervisor by override: a person within the admin's
    scope, never the admin themself (an Admin OPD would otherwise validate and appraise
    whomever they like); beyond the scope, the Admin BKD decides."""
    target = pegawai.atasan_override
    if target.pk == actor.pk:
        raise ValidationError({"atasan_override": _(
            "You cannot make yourself this employee's supervisor; ask another admin.")})
    if not unit_in_scope(admin_scope(actor), target.unit):
        raise ValidationError({"atasan_override": _(
            "This supervisor is outside your administration; only the Admin BKD can choose "
            "a supervisor there.")})


# Readable temporary passwords: no 0/O or 1/l/I to misread when dictated by phone.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def pegawai_reset_password(*, pegawai, actor):
    """Issue a temporary password that must be changed at next login. Returns it once."""
    from axes.utils import reset as axes_reset

    password = "-".join("".join(secrets.choice(_ALPHABET) for _i in range(5)) for _j in range(3))
    pegawai.set_password(password)
    pegawai.harus_ganti_password = True
    pegawai.save(update_fields=["password", "harus_ganti_password"])
    axes_reset(username=pegawai.nip)
    audit_record(actor=actor, action="pegawai.reset_password", target=pegawai)
    return password


@transaction.atomic
def pegawai_change_password(*, pegawai, new_password):
    pegawai.set_password(new_password)
    pegawai.harus_ganti_password = False
    pegawai.save(update_fields=["password", "harus_ganti_password"])
    audit_record(actor=pegawai, action="pegawai.change_password", target=pegawai)
    return pegawai


@transaction.atomic
def hari_libur_save(*, hari, actor):
    hari.full_clean()
    hari.save()
    audit_record(actor=actor, action="hari_libur.create", target=hari,
                 after=snapshot(hari, ["tanggal", "nama", "jenis"]))
    return hari


@transaction.atomic
def hari_libur_delete(*, hari, actor):
    audit_record(actor=actor, action="hari_libur.delete", target=hari,
                 before=snapshot(hari, ["tanggal", "nama", "jenis"]))
    hari.delete()


PLT_FIELDS = ["pegawai", "jabatan", "jenis", "mulai", "selesai", "nomor_sk"]


def _plt_touches(penugasan):
    """Forget the cached teams of everyone whose rights change with this assignment."""
    holders = Pegawai.objects.filter(jabatan=penugasan.jabatan_id).values_list("pk", flat=True)
    keys = [f"bawahan:{pk}" for pk in {penugasan.pegawai_id, *holders}]
    transaction.on_commit(lambda: cache_forget(keys))


def cache_forget(keys):
    try:
        cache.delete_many(keys)
    except Exception:  # noqa: BLE001 - Redis down: the entries expire within a minute
        pass


@transaction.atomic
def penugasan_plt_save(*, penugasan, actor):
    """Record that someone acts in a head post for a date range (Plt or Plh) by decree.
    Only posts that head a unit carry supervisory rights; two assignments for one post
    may not overlap (the database refuses it too)."""
    scope = admin_scope(actor)
    jabatan, pegawai = penugasan.jabatan, penugasan.pegawai
    if pegawai.pk == actor.pk:  # acting in a head post makes one an appraiser
        raise ValidationError({"nip": _("You cannot record yourself as an acting official; "
                                        "ask another admin.")})
    if not (unit_in_scope(scope, jabatan.unit) and unit_in_scope(scope, pegawai.unit)):
        raise ValidationError(_("The post and the acting person must be within your "
                                "administration."))
    if not jabatan.kepala_unit or not jabatan.aktif:
        raise ValidationError({"jabatan": _("Choose an active post that heads a unit: only "
                                            "those carry supervisory rights.")})
    if not pegawai.aktif:
        raise ValidationError({"nip": _("This employee is not active.")})
    if pegawai.jabatan_id == jabatan.pk:
        raise ValidationError({"nip": _("This employee holds the post already.")})
    if not penugasan.nomor_sk.strip():
        raise ValidationError({"nomor_sk": _("Enter the decree number.")})
    if penugasan.mulai and penugasan.selesai and penugasan.selesai < penugasan.mulai:
        raise ValidationError({"selesai": _("The end cannot be before the start.")})
    clash = (PenugasanPlt.objects.filter(jabatan=jabatan, mulai__lte=penugasan.selesai,
                                         selesai__gte=penugasan.mulai)
             .exclude(pk=penugasan.pk).select_related("pegawai").first())
    if clash:
        raise ValidationError({"mulai": _("This post already has an acting official from "
                                          "%(start)s to %(end)s (%(name)s).") % {
            "start": f"{clash.mulai:%d-%m-%Y}", "end": f"{clash.selesai:%d-%m-%Y}",
            "name": clash.pegawai.nama_lengkap}})
    penugasan.full_clean()
    try:
        with transaction.atomic():
            penugasan.save()
    except IntegrityError:
        raise ValidationError({"mulai": _("This post already has an acting official for "
                                          "these dates.")}) from None
    audit_record(actor=actor, action="plt.create", target=penugasan,
                 after=snapshot(penugasan, PLT_FIELDS))
    _plt_touches(penugasan)
    return penugasan


@transaction.atomic
def penugasan_plt_end(*, penugasan, actor, tanggal):
    """End an assignment on `tanggal` (its last day); one that has not started yet is
    removed. Audited."""
    before = snapshot(penugasan, PLT_FIELDS)
    if tanggal >= penugasan.selesai:
        raise ValidationError(_("It already ends on %(date)s.") % {
            "date": f"{penugasan.selesai:%d-%m-%Y}"})
    _plt_touches(penugasan)
    if tanggal < penugasan.mulai:
        audit_record(actor=actor, action="plt.delete", target=penugasan, before=before)
        penugasan.delete()
        return None
    PenugasanPlt.objects.filter(pk=penugasan.pk).update(selesai=tanggal)
    penugasan.refresh_from_db()
    audit_record(actor=actor, action="plt.end", target=penugasan, before=before,
                 after=snapshot(penugasan, PLT_FIELDS))
    return penugasan


def pegawai_tur_set(*, pegawai, ditutup):
    """The first-login tour closed (now) or opened again (None) by the person."""
    Pegawai.objects.filter(pk=pegawai.pk).update(tur_ditutup=timezone.now() if ditutup else None)


def kunci_kiriman_create(*, kunci, pegawai):
    """Claim a form's one-time key inside the caller's transaction: a second submission of
    the same form meets the unique key (IntegrityError) and creates nothing."""
    return KunciKiriman.objects.create(kunci=kunci, pegawai=pegawai)


def kunci_kiriman_tujuan(*, entry, tujuan):
    """Where the first submission led, for the second one to go to."""
    entry.tujuan = tujuan
    entry.save(update_fields=["tujuan"])


def riwayat_jabatan_catat(posts):
    """Keep the position history in step with people's posts: `posts` maps a person's id to
    (their post's id or None, the date they took it (TMT) or None: today for a change of
    post, "since before the records" for a first post). A person whose open row names
    another post has it closed the day before, and a row for the new post opened; the same
    post changes nothing. Set-based: four queries at most for any number of people."""
    today = timezone.localdate()
    open_rows = {r.pegawai_id: r for r in RiwayatJabatan.objects.select_for_update().filter(
        pegawai_id__in=list(posts), selesai__isnull=True)}
    close, create, dated = [], [], []
    for pegawai_id, (jabatan_id, tmt) in posts.items():
        row = open_rows.get(pegawai_id)
        if row is not None and row.jabatan_id == jabatan_id:
            if tmt is not None and tmt != row.mulai:  # the TMT of the post held, corrected
                row.mulai = tmt
                dated.append(row)
            continue
        start = tmt or (today if row is not None else None)
        if row is not None:
            row.selesai = max(start - dt.timedelta(days=1), row.mulai or dt.date.min)
            close.append(row)
        if jabatan_id is not None:
            create.append(RiwayatJabatan(pegawai_id=pegawai_id, jabatan_id=jabatan_id,
                                         mulai=start))
    RiwayatJabatan.objects.bulk_update(close, ["selesai"], batch_size=1000)
    RiwayatJabatan.objects.bulk_update(dated, ["mulai"], batch_size=1000)
    RiwayatJabatan.objects.bulk_create(create, batch_size=1000)
