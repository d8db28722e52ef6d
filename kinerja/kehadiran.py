"""Attendance from the machines' export (the input of TPP's discipline part), days away
with a reason, and PPPK work contracts. Attendance comes one row per
person and day with the first check-in and the last check-out, through the core import
(dry run with per-row errors, all or nothing; keyed by NIP and date, so the same file
twice changes nothing and a corrected file updates). Admins import their scope's people.
Columns in docs/impor.md; sample static/contoh/kehadiran.csv.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import admin_scope, unit_in_scope
from ekinerja.audit import audit_record, snapshot
from ekinerja.impor import (
    column_pegawai,
    column_tanggal,
    column_text,
    column_time,
    mark_duplicates,
    orang_per_nip,
    terapkan_per_orang,
)
from ekinerja.models import Pegawai

from .models import Izin, Kehadiran, KontrakPppk

REQUIRED = ["nip", "tanggal"]
OPTIONAL = ["jam_masuk", "jam_pulang"]
FIELDS = ["tanggal", "masuk", "pulang"]


def check(rows, scope):
    people = orang_per_nip(rows)
    today = timezone.localdate()
    dates = set()
    for row in rows:
        nip = row.data["nip"]
        person = column_pegawai(nip, people, row.errors, scope)
        day = column_tanggal(row, "tanggal", row.errors)
        if day is not None and day > today:
            row.errors.append(_("Column %(col)s is in the future.") % {"col": "tanggal"})
        masuk = column_time(row.data.get("jam_masuk", ""), "jam_masuk", row.errors) \
            if row.data.get("jam_masuk") else None
        pulang = column_time(row.data.get("jam_pulang", ""), "jam_pulang", row.errors) \
            if row.data.get("jam_pulang") else None
        if masuk and pulang and pulang < masuk:
            row.errors.append(_("The check-out is before the check-in."))
        row.kunci = f"{nip} {row.data['tanggal']}"
        if row.errors:
            continue
        row.pegawai_id, row.target = person["id"], {"tanggal": day, "masuk": masuk,
                                                    "pulang": pulang}
        dates.add(day)
    existing = {(k.pegawai_id, k.tanggal): k for k in Kehadiran.objects.filter(
        pegawai_id__in={getattr(r, "pegawai_id", None) for r in rows} - {None},
        tanggal__in=dates)}
    for row in rows:
        if row.errors:
            continue
        match = existing.get((row.pegawai_id, row.target["tanggal"]))
        row.match_id = match.pk if match else None
        row.aksi = "create" if match is None else (
            "unchanged" if (match.masuk, match.pulang) == (row.target["masuk"],
                                                          row.target["pulang"])
            else "update")
    mark_duplicates(rows, _("day"))


def apply(rows, actor):
    terapkan_per_orang(rows, actor, model=Kehadiran, kind="kehadiran",
                       fields=["masuk", "pulang"], audit_fields=FIELDS)


def _tumpang_izin(clash):
    return _("These days overlap %(kind)s from %(a)s to %(b)s.") % {
        "kind": clash.get_jenis_display(), "a": clash.mulai.strftime("%d-%m-%Y"),
        "b": clash.selesai.strftime("%d-%m-%Y")}


def _tumpang_kontrak(clash):
    return _("This contract overlaps contract %(no)s (%(a)s to %(b)s).") % {
        "no": clash.nomor, "a": clash.mulai.strftime("%d-%m-%Y"),
        "b": clash.selesai.strftime("%d-%m-%Y")}


def izin_save(*, izin, actor):
    """The OPD's admin records days away with a reason (the letter's number required);
    no two of a person's may overlap. Audited."""
    with transaction.atomic():
        # The person's row locked: two simultaneous entries are checked one after the other.
        Pegawai.objects.select_for_update().filter(pk=izin.pegawai_id).first()
        if not unit_in_scope(admin_scope(actor), izin.pegawai.unit):
            raise ValidationError({"pegawai": _("This employee is outside your scope.")})
        izin.dicatat_oleh = actor
        izin.full_clean()
        clash = Izin.objects.select_for_update().filter(
            pegawai=izin.pegawai, mulai__lte=izin.selesai, selesai__gte=izin.mulai).first()
        if clash is not None:
            raise ValidationError(_tumpang_izin(clash))
        izin.save()
        audit_record(actor=actor, action="izin.create", target=izin,
                     after=snapshot(izin, ["jenis", "mulai", "selesai", "nomor_surat"]))
    return izin


def kontrak_pppk_save(*, kontrak, actor):
    """The OPD's admin records a PPPK's contract: only for a PPPK of their scope, and not
    overlapping another of theirs. Audited."""
    with transaction.atomic():
        pegawai = kontrak.pegawai
        Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()  # one at a time
        if not unit_in_scope(admin_scope(actor), pegawai.unit):
            raise ValidationError({"pegawai": _("This employee is outside your scope.")})
        if pegawai.jenis != pegawai.Jenis.PPPK:
            raise ValidationError(_("Only a PPPK has a work contract."))
        kontrak.dicatat_oleh = actor
        kontrak.full_clean()
        clash = KontrakPppk.objects.select_for_update().filter(
            pegawai=pegawai, mulai__lte=kontrak.selesai, selesai__gte=kontrak.mulai).first()
        if clash is not None:
            raise ValidationError(_tumpang_kontrak(clash))
        kontrak.save()
        audit_record(actor=actor, action="kontrak_pppk.create", target=kontrak,
                     after=snapshot(kontrak, ["nomor", "jenis", "mulai", "selesai"]))
    return kontrak


# --- dated rows of a person (days away, contracts), imported -----------------------------------


def _per_orang(model, people):
    """The rows of `model` recorded for the file's people, per person."""
    per_orang = {}
    for obj in model.objects.filter(pegawai_id__in=[p["id"] for p in people.values()]):
        per_orang.setdefault(obj.pegawai_id, []).append(obj)
    return per_orang


def _tempatkan(row, recorded, taken, *, match, tumpang):
    """A checked row from `mulai` to `selesai` of a person: it updates `match` (or is new)
    and may overlap neither another of their `recorded` rows (`tumpang(clash)` says which)
    nor an earlier row of the file (`taken`, to which it is added)."""
    mulai, selesai = row.target["mulai"], row.target["selesai"]
    row.match_id = match.pk if match else None
    clash = next((o for o in recorded if o is not match
                  and o.mulai <= selesai and o.selesai >= mulai), None)
    if clash is not None:
        row.errors.append(tumpang(clash))
        return
    other = next((r for r in taken
                  if r.target["mulai"] <= selesai and r.target["selesai"] >= mulai), None)
    if other is not None:
        row.errors.append(_("This row overlaps row %(row)s.") % {"row": other.nomor})
        return
    taken.append(row)
    row.aksi = "create" if match is None else (
        "unchanged" if all(getattr(match, f) == v for f, v in row.target.items())
        else "update")


# --- days away with a reason, imported (the OPD's letters of travel and leave) -------------------

IZIN_REQUIRED = ["nip", "jenis", "mulai", "selesai", "nomor_surat"]
IZIN_OPTIONAL = ["keterangan"]
IZIN_FIELDS = ["jenis", "mulai", "selesai", "nomor_surat", "keterangan"]
# "Dinas Luar", "dinas luar" or "dinas_luar"; each kind's label too.
IZIN_JENIS = {**{v.replace("_", " "): v for v in Izin.Jenis.values},
              **{str(label).casefold(): v for v, label in Izin.Jenis.choices}}


def izin_check(rows, scope):
    """Each row a person's days away with its letter: keyed by NIP, kind and first day (the
    same file twice changes nothing); no overlap with another of theirs in the file or
    recorded before."""
    people = orang_per_nip(rows)
    existing = _per_orang(Izin, people)
    today = timezone.localdate()
    taken = {}
    for row in rows:
        person = column_pegawai(row.data["nip"], people, row.errors, scope)
        jenis = IZIN_JENIS.get(" ".join(row.data["jenis"].replace("_", " ").split()).casefold())
        if jenis is None:
            row.errors.append(_("Column jenis: \"%(val)s\" is not a kind of absence with a "
                                "reason.") % {"val": row.data["jenis"] or "-"})
        mulai = column_tanggal(row, "mulai", row.errors)
        selesai = column_tanggal(row, "selesai", row.errors)
        if mulai and selesai and selesai < mulai:
            row.errors.append(_("The end cannot be before the start."))
        if mulai and mulai > today + dt.timedelta(days=366):
            row.errors.append(_("Choose a date within a year of today."))
        nomor = column_text(row, "nomor_surat", 100, row.errors)
        keterangan = column_text(row, "keterangan", 300, row.errors, required=False)
        row.kunci = f"{row.data['nip']} {jenis} {row.data['mulai']}"
        if row.errors:
            continue
        row.pegawai_id = person["id"]
        row.target = {"jenis": jenis, "mulai": mulai, "selesai": selesai,
                      "nomor_surat": nomor, "keterangan": keterangan}
        recorded = existing.get(person["id"], [])
        _tempatkan(row, recorded, taken.setdefault(person["id"], []),
                   match=next((i for i in recorded if (i.jenis, i.mulai) == (jenis, mulai)),
                              None),
                   tumpang=_tumpang_izin)
    mark_duplicates(rows, _("absence"))


def izin_apply(rows, actor):
    terapkan_per_orang(rows, actor, model=Izin, kind="izin", fields=IZIN_FIELDS,
                       audit_fields=IZIN_FIELDS, isi={"dicatat_oleh": actor})


# --- PPPK work contracts, imported ------------------------------------------------------------

KONTRAK_REQUIRED = ["nip", "nomor", "jenis", "mulai", "selesai", "tugas"]
KONTRAK_OPTIONAL = []
KONTRAK_FIELDS = ["nomor", "jenis", "mulai", "selesai", "tugas"]
KONTRAK_JENIS = {**{v.replace("_", " "): v for v in KontrakPppk.Jenis.values},
                 "penuh": KontrakPppk.Jenis.PENUH_WAKTU,
                 "paruh": KontrakPppk.Jenis.PARUH_WAKTU}


def kontrak_check(rows, scope):
    """A PPPK's contract per row, keyed by NIP and contract number (the same file twice
    changes nothing); only PPPK; no overlap with another of theirs, in the file or
    recorded."""
    people = orang_per_nip(rows)
    jenis_pegawai = dict(Pegawai.objects.filter(pk__in=[p["id"] for p in people.values()])
                         .values_list("pk", "jenis"))
    existing = _per_orang(KontrakPppk, people)
    taken = {}
    for row in rows:
        person = column_pegawai(row.data["nip"], people, row.errors, scope)
        if person is not None and jenis_pegawai.get(person["id"]) != Pegawai.Jenis.PPPK:
            row.errors.append(_("Only a PPPK has a work contract."))
        jenis = KONTRAK_JENIS.get(" ".join(row.data["jenis"].replace("_", " ").split())
                                  .casefold())
        if jenis is None:
            row.errors.append(_("Column jenis must be penuh_waktu or paruh_waktu."))
        nomor = column_text(row, "nomor", 100, row.errors)
        mulai = column_tanggal(row, "mulai", row.errors)
        selesai = column_tanggal(row, "selesai", row.errors)
        if mulai and selesai and selesai < mulai:
            row.errors.append(_("The end cannot be before the start."))
        tugas = column_text(row, "tugas", 3000, row.errors)
        row.kunci = f"{row.data['nip']} {nomor}"
        if row.errors:
            continue
        row.pegawai_id = person["id"]
        row.target = {"nomor": nomor, "jenis": jenis, "mulai": mulai, "selesai": selesai,
                      "tugas": tugas}
        recorded = existing.get(person["id"], [])
        _tempatkan(row, recorded, taken.setdefault(person["id"], []),
                   match=next((k for k in recorded if k.nomor == nomor), None),
                   tumpang=_tumpang_kontrak)
    mark_duplicates(rows, _("contract"))


def kontrak_apply(rows, actor):
    terapkan_per_orang(rows, actor, model=KontrakPppk, kind="kontrak_pppk",
                       fields=KONTRAK_FIELDS, audit_fields=KONTRAK_FIELDS,
                       isi={"dicatat_oleh": actor})
