"""Import of a person's own SKP content in the shape of BKN e-Kinerja's SKP form
(PermenPANRB 6/2022: No, Rencana Hasil Kerja Pimpinan yang Diintervensi, Rencana Hasil
Kerja, Aspek, Indikator Kinerja Individu, Target; docs/bkn.md), into their draft SKP.

Rows with the same RHK text form one RHK; each row is one IKI of it. Every row goes
through the SKP's own services (`rhk_save`, `iki_save`: the SKP editable, one link, the
target above zero) in a savepoint, so the dry run (rolled back) says what applying would
refuse; applying writes every row or none. RHKs are matched by their text and IKIs by
their name within the RHK, so the same file twice changes nothing. New main IKIs share
the weight evenly while the SKP's main IKIs carry none yet; the person adjusts it after.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ekinerja.impor import column_text, impor_baca_jalankan, impor_terapkan, mark_duplicates
from ekinerja.models import ImporData

from ..models import Aspek, Iki, JenisRhk, Rhk
from ..selectors import intervensi_choices
from .skp import iki_save, rhk_save, split_target

IMPOR_SKP = {"required": ["rencana_hasil_kerja", "aspek", "indikator_kinerja_individu",
                          "target"],
             "optional": ["no", "jenis", "rencana_hasil_kerja_pimpinan_yang_diintervensi",
                          "satuan"]}
TARGET = re.compile(r"(\d+(?:[.,]\d+)?)\s*(.*)")


def _norm(text):
    return " ".join(str(text or "").split()).casefold()


def _target(row, errors):
    """(number, unit) from `Target` ("12 Dokumen") and an optional `Satuan`."""
    match = TARGET.fullmatch(row.data["target"].strip())
    satuan = " ".join(row.data.get("satuan", "").split())
    if not match:
        errors.append(_("Column target must be a number and its unit, e.g. \"12 Dokumen\"."))
        return None, ""
    try:
        number = Decimal(match[1].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern allows only digits
        number = None
    satuan = satuan or " ".join(match[2].split())
    if not satuan:
        errors.append(_("Give the target's unit, in column target (\"12 Dokumen\") or satuan."))
    return number, satuan[:50]


def _run(rows, skp, actor):
    parents = {_norm(r.uraian): r for r in intervensi_choices(skp)}
    rhks = {_norm(r.uraian): r for r in skp.rhk.all()}
    ikis = {(i.rhk_id, _norm(i.nama)): i for i in Iki.objects.filter(rhk__skp=skp)}
    new_main = []
    for row in rows:
        errors = row.errors
        uraian = column_text(row, "rencana_hasil_kerja", 500, errors)
        nama = column_text(row, "indikator_kinerja_individu", 300, errors)
        row.kunci = f"{uraian[:40]} / {nama[:40]}"
        jenis = _norm(row.data.get("jenis", "")) or JenisRhk.UTAMA
        if jenis not in JenisRhk.values:
            errors.append(_("Column jenis must be Utama or Tambahan."))
        aspek = _norm(row.data["aspek"])
        if aspek not in Aspek.values:
            errors.append(_("Column aspek must be Kuantitas, Kualitas, Waktu or Biaya."))
        target, satuan = _target(row, errors)
        parent_text = row.data.get("rencana_hasil_kerja_pimpinan_yang_diintervensi", "")
        parent = parents.get(_norm(parent_text)) if parent_text else None
        if parent_text and parent is None:
            errors.append(_("\"%(rhk)s\" is not an RHK of your supervisor's approved SKP.")
                          % {"rhk": parent_text[:100]})
        if errors:
            continue
        try:
            with transaction.atomic():
                rhk = rhks.get(_norm(uraian))
                if rhk is None or rhk.jenis != jenis or rhk.intervensi_id != (
                        parent.pk if parent else rhk.intervensi_id):
                    rhk = rhk or Rhk(skp=skp, uraian=uraian)
                    rhk.jenis = jenis
                    if parent is not None:
                        rhk.intervensi, rhk.sasaran = parent, None
                    rhk = rhk_save(rhk=rhk, actor=actor)
                    rhks[_norm(uraian)] = rhk
                iki = ikis.get((rhk.pk, _norm(nama)))
                if iki is not None and (iki.aspek, iki.target, iki.satuan) == (
                        aspek, target, satuan):
                    row.aksi = "unchanged"
                    continue
                row.aksi = "update" if iki is not None else "create"
                iki = iki or Iki(rhk=rhk, nama=nama, bobot=Decimal("0"))
                iki.aspek, iki.target, iki.satuan = aspek, target, satuan
                iki = iki_save(iki=iki, actor=actor)
                ikis[(rhk.pk, _norm(nama))] = iki
                if row.aksi == "create" and jenis == JenisRhk.UTAMA:
                    new_main.append(iki)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
    mark_duplicates(rows, _("RHK and IKI"))
    main = list(Iki.objects.filter(rhk__skp=skp, rhk__jenis=JenisRhk.UTAMA))
    if new_main and not any(i.bobot for i in main):
        for iki, bobot in zip(main, split_target(Decimal(100), len(main)), strict=True):
            iki.bobot = bobot
            iki_save(iki=iki, actor=actor)


def skp_impor_check(*, skp, nama_file, content, actor):
    """The dry run: every row through the services, then rolled back."""
    return impor_baca_jalankan(nama_file=nama_file, content=content, spec=IMPOR_SKP,
                               jalankan=lambda rows: _run(rows, skp, actor), coba=True)


@transaction.atomic
def skp_impor_upload(*, skp, nama_file, content, actor):
    hasil = skp_impor_check(skp=skp, nama_file=nama_file, content=content, actor=actor)
    return ImporData.objects.create(
        jenis=ImporData.Jenis.SKP, nama_file=nama_file[:255], isi=content,
        ringkasan={**hasil.ringkasan(), "skp": skp.pk}, diunggah_oleh=actor,
        scope_id=skp.unit_id)


@transaction.atomic
def skp_impor_apply(*, impor, skp, actor):
    if actor.pk != impor.diunggah_oleh_id or impor.ringkasan.get("skp") != skp.pk:
        raise ValidationError(_("Only the person who uploaded the file can apply it."))
    return impor_terapkan(impor=impor, actor=actor, tambahan={"skp": skp.pk},
                          jalankan=lambda: impor_baca_jalankan(
                              nama_file=impor.nama_file, content=bytes(impor.isi),
                              spec=IMPOR_SKP, jalankan=lambda rows: _run(rows, skp, actor),
                              coba=False))
