"""Attendance from the machines' export (the input of TPP's discipline part), days away
with a reason, and PPPK work contracts. Attendance comes one row per
person and day with the first check-in and the last check-out, through the core import
(dry run with per-row errors, all or nothing; keyed by NIP and date, so the same file
twice changes nothing and a corrected file updates). Admins import their scope's people.
Columns in docs/impor.md; sample static/contoh/kehadiran.csv.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import admin_scope, unit_in_scope
from ekinerja.audit import audit_record, snapshot
from ekinerja.impor import (
    column_date,
    column_pegawai,
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
        day = column_date(row.data["tanggal"], "tanggal", row.errors) \
            if row.data["tanggal"] else None
        if not row.data["tanggal"]:
            row.errors.append(_("Column %(col)s is empty.") % {"col": "tanggal"})
        elif day is not None and day > today:
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
            raise ValidationError(_("These days overlap %(kind)s from %(a)s to %(b)s.") % {
                "kind": clash.get_jenis_display(), "a": clash.mulai.strftime("%d-%m-%Y"),
                "b": clash.selesai.strftime("%d-%m-%Y")})
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
            raise ValidationError(_("This contract overlaps contract %(no)s (%(a)s to %(b)s).")
                                  % {"no": clash.nomor, "a": clash.mulai.strftime("%d-%m-%Y"),
                                     "b": clash.selesai.strftime("%d-%m-%Y")})
        kontrak.save()
        audit_record(actor=actor, action="kontrak_pppk.create", target=kontrak,
                     after=snapshot(kontrak, ["nomor", "jenis", "mulai", "selesai"]))
    return kontrak
