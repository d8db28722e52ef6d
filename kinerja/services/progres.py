"""Import of a person's own daily progress in BKN's Progres Harian shape (the columns of
kinerja.progres.KOLOM; docs/bkn.md).

A person who already typed their work into BKN brings the same file here (Satuan and Bukti
Dukung may be empty or absent). Every row goes through the rules of a day's activity
(`aktivitas_save`: the month open, no overlap, the day's cap, the IKI of the approved SKP,
the quarter's action plan) in a savepoint, so the dry run says exactly what applying would
refuse; applying writes every row or none. A row is keyed by its date, start and end:
re-importing the same file changes nothing, a changed row updates a draft or returned
activity and is refused for one already submitted. Imported rows are drafts: the person
submits them from the day pages, as any other activity."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ekinerja.impor import (
    column_date,
    column_text,
    column_time,
    impor_baca_jalankan,
    impor_terapkan,
    mark_duplicates,
)
from ekinerja.models import ImporData

from ..models import Aktivitas, RencanaAksi
from ..progres import realisasi_bulat
from .aktivitas import aktivitas_save, bukti_add

IMPOR = {"required": ["rencana_aksi", "tanggal", "jam_mulai", "jam_selesai",
                      "kegiatan_harian", "realisasi"],
         "optional": ["satuan", "bukti_dukung"]}


def _norm(text):
    return " ".join(str(text).split()).casefold()


class _Rencana:
    """The person's action plans and their RHKs' IKIs, read once for the whole file."""

    def __init__(self, pegawai):
        self.by_key = {}
        plans = (RencanaAksi.objects.filter(rhk__skp__pegawai=pegawai)
                 .select_related("rhk__skp__tahun").prefetch_related("rhk__iki"))
        for plan in plans:
            key = (plan.rhk.skp.tahun.tahun, plan.triwulan, _norm(plan.uraian))
            self.by_key.setdefault(key, []).append(plan)

    def find(self, day, uraian, satuan, errors):
        quarter = RencanaAksi.triwulan_of(day)
        plans = self.by_key.get((day.year, quarter, _norm(uraian)), [])
        if not plans:
            errors.append(_("The action plan \"%(plan)s\" is not in quarter %(q)s of your SKP "
                            "%(year)s: add it on the SKP page first.")
                          % {"plan": uraian, "q": quarter, "year": day.year})
            return None, None
        plan = plans[0]
        ikis = list(plan.rhk.iki.all())
        if len(ikis) > 1 and satuan:
            ikis = [iki for iki in ikis if _norm(iki.satuan) == _norm(satuan)] or ikis
        if len(ikis) != 1:
            errors.append(_("The RHK of \"%(plan)s\" has %(n)s IKIs; give the unit (Satuan) of "
                            "the one this row advances.") % {"plan": uraian, "n": len(ikis)})
            return plan, None
        return plan, ikis[0]


def _same(current, uraian, rencana, value):
    """The row says what the activity already holds (as our export writes it: the plan's
    text, or nothing without a plan; the realisation as a whole number)."""
    plan = current.rencana_aksi
    return (_norm(current.uraian) == _norm(uraian)
            and _norm(plan.uraian if plan else "") == _norm(rencana)
            and realisasi_bulat(current.output) == int(value))


def _row_activity(row, pegawai, plans, existing):
    errors = row.errors
    day = column_date(row.data["tanggal"], "tanggal", errors)
    start = column_time(row.data["jam_mulai"], "jam_mulai", errors)
    end = column_time(row.data["jam_selesai"], "jam_selesai", errors)
    uraian = column_text(row, "kegiatan_harian", 500, errors)
    rencana = column_text(row, "rencana_aksi", 500, errors, required=False)
    value = row.data["realisasi"]
    if not value.isdigit():
        errors.append(_("Column realisasi must be a whole number (0 or more)."))
    link = row.data.get("bukti_dukung", "")
    if link and (not link.startswith("https://") or len(link) > 500 or " " in link):
        errors.append(_("Column bukti_dukung must be one link that starts with https://."))
    if day and start and end:
        row.kunci = f"{day:%Y-%m-%d} {start:%H:%M}-{end:%H:%M}"
    if errors:
        return None, link
    current = existing.get((day, start, end))
    if current is not None and _same(current, uraian, rencana, value):
        row.aksi = "unchanged"
        return None, ""
    if not rencana:  # a new or changed row must say which plan it advances
        errors.append(_("Column %(col)s is empty.") % {"col": "rencana_aksi"})
        return None, link
    plan, iki = plans.find(day, rencana, row.data.get("satuan", ""), errors)
    if errors:
        return None, link
    if current is None:
        row.aksi = "create"
        aktivitas = Aktivitas(pegawai=pegawai, tanggal=day, mulai=start, selesai=end)
    else:
        row.aksi = "update"
        if not current.editable:
            errors.append(_("Your activity of %(key)s is already %(status)s; it cannot be "
                            "changed by an import.") % {
                "key": row.kunci, "status": current.get_status_display().lower()})
            return None, link
        aktivitas = current
    aktivitas.uraian, aktivitas.output = uraian, Decimal(value)
    aktivitas.kategori, aktivitas.iki, aktivitas.rencana_aksi = Aktivitas.Kategori.IKI, iki, plan
    return aktivitas, link


def _run(rows, pegawai):
    """Each row through the services in its own savepoint; its errors on the row."""
    plans = _Rencana(pegawai)
    existing = {(a.tanggal, a.mulai, a.selesai): a
                for a in Aktivitas.objects.filter(pegawai=pegawai).select_related("rencana_aksi")
                .exclude(status=Aktivitas.Status.DITOLAK)}
    for row in rows:
        aktivitas, link = _row_activity(row, pegawai, plans, existing)
        if aktivitas is None:
            continue
        try:
            with transaction.atomic():
                saved = aktivitas_save(aktivitas=aktivitas, actor=pegawai)
                if link and not saved.bukti.filter(tautan=link).exists():
                    bukti_add(aktivitas=saved, actor=pegawai, tautan=link)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
    mark_duplicates(rows, _("date and time"))


def progres_check(*, nama_file, content, pegawai):
    """The dry run: every row through every rule, then all of it rolled back."""
    return impor_baca_jalankan(nama_file=nama_file, content=content, spec=IMPOR,
                               jalankan=lambda rows: _run(rows, pegawai), coba=True)


@transaction.atomic
def progres_impor_upload(*, nama_file, content, pegawai):
    """Store the person's file and its dry run for the preview page."""
    hasil = progres_check(nama_file=nama_file, content=content, pegawai=pegawai)
    return ImporData.objects.create(
        jenis=ImporData.Jenis.PROGRES, nama_file=nama_file[:255], isi=content,
        ringkasan=hasil.ringkasan(), diunggah_oleh=pegawai, scope_id=pegawai.unit_id)


@transaction.atomic
def progres_impor_apply(*, impor, actor):
    """Apply a previewed file: checked again against the data as it is now, every row or
    none."""
    if actor.pk != impor.diunggah_oleh_id or impor.jenis != ImporData.Jenis.PROGRES:
        raise ValidationError(_("Only the person who uploaded the file can apply it."))
    return impor_terapkan(impor=impor, actor=actor, jalankan=lambda: impor_baca_jalankan(
        nama_file=impor.nama_file, content=bytes(impor.isi), spec=IMPOR,
        jalankan=lambda rows: _run(rows, actor), coba=False))
