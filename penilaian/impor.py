"""Import of starting angka kredit (PAK konversi/integrasi, or a later PAK): one row per
decree, keyed by NIP and decree number, through the core import (dry run with per-row
errors, all or nothing; the same file twice changes nothing). Only the Admin BKD imports
them: BKD issues the decrees. Columns in docs/impor.md; sample static/contoh/pak.csv.
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.impor import (
    column_pegawai,
    column_tanggal,
    column_text,
    mark_duplicates,
    orang_per_nip,
    terapkan_per_orang,
)
from ekinerja.models import Jabatan
from kinerja.models import TahunKinerja

from .angka_kredit import PAK_FIELDS, AturanCache, angka_kredit_hitung
from .models import PakAwal

REQUIRED = ["nip", "jenis", "per_tanggal", "nilai", "jenjang", "nomor_sk", "tanggal_sk"]
OPTIONAL = []
NILAI_MAKS = Decimal("9999.999")
# "Ahli Pertama", "ahli pertama" or "ahli_pertama"
JENJANG = {str(label).casefold(): value for value, label in Jabatan.Jenjang.choices}


def _nilai(text, errors):
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors.append(_("Column nilai: \"%(val)s\" is not a number.") % {"val": text or "-"})
        return None
    if not value.is_finite() or value < 0 or value > NILAI_MAKS:
        errors.append(_("Column nilai must lie between 0 and %(most)s.") % {"most": "9999,999"})
        return None
    if value != value.quantize(Decimal("0.001")):
        errors.append(_("Column nilai has more than three decimals."))
        return None
    return value


def check(rows, scope):
    bkd = scope.parent_id is None
    people = orang_per_nip(rows)
    existing = {(p.pegawai_id, p.nomor_sk): p for p in PakAwal.objects.filter(
        pegawai_id__in=[p["id"] for p in people.values()])}
    today = timezone.localdate()
    for row in rows:
        errors = row.errors
        if not bkd:
            errors.append(_("Only the Admin BKD imports PAKs."))
        nip = row.data["nip"]
        person = column_pegawai(nip, people, errors, scope)
        jenis = row.data["jenis"].strip().lower()
        if jenis not in PakAwal.Jenis.values:
            errors.append(_("Column jenis must be konversi, integrasi or penetapan."))
        jenjang = JENJANG.get(" ".join(row.data["jenjang"].replace("_", " ").split()).casefold())
        if jenjang is None:
            errors.append(_("Column jenjang: \"%(val)s\" is not a level (Ahli Pertama ... "
                            "Ahli Utama, Pemula ... Penyelia).") % {
                "val": row.data["jenjang"] or "-"})
        nomor = column_text(row, "nomor_sk", 100, errors)
        per_tanggal = column_tanggal(row, "per_tanggal", errors)
        tanggal_sk = column_tanggal(row, "tanggal_sk", errors)
        for value, column in ((per_tanggal, "per_tanggal"), (tanggal_sk, "tanggal_sk")):
            if value is not None and value > today:
                errors.append(_("Column %(col)s is in the future.") % {"col": column})
        nilai = _nilai(row.data["nilai"], errors)
        row.kunci = f"{nip} {nomor}"
        if errors:
            continue
        row.pegawai_id = person["id"]
        row.target = {"jenis": jenis, "per_tanggal": per_tanggal, "nilai": nilai,
                      "jenjang": jenjang, "nomor_sk": nomor, "tanggal_sk": tanggal_sk}
        match = existing.get((person["id"], nomor))
        row.match_id = match.pk if match else None
        if match is None:
            row.aksi = "create"
        elif all(getattr(match, f) == v for f, v in row.target.items()):
            row.aksi = "unchanged"
        else:
            row.aksi = "update"
    mark_duplicates(rows, _("decree"))


def apply(rows, actor):
    create, update = terapkan_per_orang(
        rows, actor, model=PakAwal, kind="pak_awal", fields=[*PAK_FIELDS, "dicatat_oleh"],
        audit_fields=PAK_FIELDS, isi={"dicatat_oleh": actor})
    # Every year's conversions again: a PAK's date decides which months count, so the years
    # it covers lose their rows and the balance never counts them twice.
    ids = sorted({pak.pegawai_id for pak in create + update})
    if ids:
        aturan = AturanCache()
        for tahun in TahunKinerja.objects.all():
            angka_kredit_hitung(ids, tahun, aturan=aturan)
