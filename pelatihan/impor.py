"""Import of a participation list (the shape of a BPSDM export): who attended which
training, when, for how many JP, under which certificate number.

It plugs into the core import (ekinerja.impor: upload, dry-run preview with per-row
errors, all or nothing). The list comes from the organiser, so its rows are recorded as
verified, by the admin who applies it. A row is matched to an existing record of the same
person by certificate number, or else by the same training on overlapping dates (an
employee's own pending claim is then verified by the list); re-importing the same file
changes nothing.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.impor import (
    column_date,
    column_pegawai,
    column_text,
    mark_duplicates,
    orang_per_nip,
    terapkan_per_orang,
)

from .models import JalurBelajar, Partisipasi
from .services import FIELDS

REQUIRED = ["nip", "pelatihan", "mulai", "selesai", "jp"]
OPTIONAL = ["nomor_sertifikat", "jalur", "penyelenggara"]
JALUR_BAWAAN = "KL12"  # "lainnya (klasikal)" when the list does not say
PENYELENGGARA_BAWAAN = "BPSDM"
COMPARED = ("nama", "jalur_id", "penyelenggara", "mulai", "selesai", "jp_klaim", "jp_diakui",
            "nomor_sertifikat", "status")


def _jp(row, days, errors):
    value = row.data["jp"]
    if not value.isdigit() or int(value) < 1:
        errors.append(_("Column jp must be a whole number of at least 1."))
        return None
    jp = int(value)
    if days and jp > days * settings.JP_MAKS_HARI:
        errors.append(_("%(jp)s JP in %(days)s day(s) is more than possible (at most "
                        "%(most)s).") % {"jp": jp, "days": days,
                                        "most": days * settings.JP_MAKS_HARI})
    return jp


def check(rows, scope):
    paths = {j.kode: j for j in JalurBelajar.objects.filter(aktif=True)}
    people = orang_per_nip(rows)
    ids = [p["id"] for p in people.values()]
    certs = {r.data.get("nomor_sertifikat", "") for r in rows} - {""}
    standing = Partisipasi.objects.exclude(status=Partisipasi.Status.DITOLAK)
    records = list(standing.filter(Q(pegawai_id__in=ids) | Q(nomor_sertifikat__in=certs))
                   .values("id", "pegawai_id", *COMPARED))
    by_cert = {r["nomor_sertifikat"]: r for r in records if r["nomor_sertifikat"]}
    by_person = {}
    for r in records:
        by_person.setdefault(r["pegawai_id"], []).append(r)
    today = timezone.localdate()
    cert_rows = {}
    for row in rows:
        errors = row.errors
        nip = row.data["nip"]
        nama = column_text(row, "pelatihan", 300, errors)
        penyelenggara = column_text(row, "penyelenggara", 200, errors, required=False) \
            or PENYELENGGARA_BAWAAN
        cert = column_text(row, "nomor_sertifikat", 100, errors, required=False)
        kode = (row.data.get("jalur", "") or JALUR_BAWAAN).upper()
        jalur = paths.get(kode)
        if jalur is None:
            errors.append(_("Column jalur: \"%(val)s\" is not a learning path code (KL01-KL12, "
                            "NKL01-NKL13).") % {"val": row.data.get("jalur", "")})
        mulai = column_date(row.data["mulai"], "mulai", errors)
        selesai = column_date(row.data["selesai"], "selesai", errors)
        days = None
        if mulai and selesai:
            if selesai < mulai:
                errors.append(_("The end cannot be before the start."))
            elif selesai > today:
                errors.append(_("The training has not ended yet (end date in the future)."))
            else:
                days = (selesai - mulai).days + 1
        jp = _jp(row, days, errors)
        row.kunci = f"{nip} {cert or nama + ' ' + row.data['mulai']}"
        person = column_pegawai(nip, people, errors, scope)
        if cert:
            if cert in cert_rows:
                errors.append(_("Certificate number %(no)s is also on row %(row)s.")
                              % {"no": cert, "row": cert_rows[cert]})
            cert_rows.setdefault(cert, row.nomor)
        if errors:
            continue
        match = by_cert.get(cert) if cert else None
        if match is not None and match["pegawai_id"] != person["id"]:
            errors.append(_("Certificate number %(no)s is already claimed by another "
                            "employee.") % {"no": cert})
            continue
        if match is None:
            match = next((r for r in by_person.get(person["id"], [])
                          if r["nama"].lower() == nama.lower() and r["mulai"] <= selesai
                          and r["selesai"] >= mulai), None)
            if match is not None and cert and match["nomor_sertifikat"] and \
                    match["nomor_sertifikat"] != cert:
                errors.append(_("This employee already has this training on these dates "
                                "under certificate number %(no)s.")
                              % {"no": match["nomor_sertifikat"]})
                continue
        row.pegawai_id = person["id"]
        row.target = {"nama": nama, "jalur_id": jalur.id, "penyelenggara": penyelenggara,
                      "mulai": mulai, "selesai": selesai, "jp_klaim": jp, "jp_diakui": jp,
                      "nomor_sertifikat": cert or (match or {}).get("nomor_sertifikat", ""),
                      "status": Partisipasi.Status.TERVERIFIKASI}
        row.match_id = match["id"] if match else None
        if match is None:
            row.aksi = "create"
        elif all(match[f] == row.target[f] for f in COMPARED):
            row.aksi = "unchanged"
        else:
            row.aksi = "update"
    mark_duplicates(rows, _("record"))


def apply(rows, actor):
    terapkan_per_orang(
        rows, actor, model=Partisipasi, kind="pelatihan",
        fields=[*COMPARED, "diverifikasi_oleh", "diverifikasi_pada", "catatan_verifikasi"],
        audit_fields=[*FIELDS, "jp_diakui"],
        baru=lambda row: Partisipasi(pegawai_id=row.pegawai_id, sumber="impor"),
        isi={"diverifikasi_oleh": actor, "diverifikasi_pada": timezone.now(),
             "catatan_verifikasi": _("From the imported participation list.")})
