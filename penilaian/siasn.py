"""Appraisal results pushed to SIASN (docs/bkn.md): a period's as "kinerja periodik"
(`/kinerjaperiodik/save`), the year's as SKP 2022 (`/skp22/save`).

An evaluation is queued when it becomes final and again when an appeal changes its
predikat (only while SIASN is configured). The worker sends it with SIASN's id of the
person (kept by the SIASN pull) and, once SIASN has answered with the record's id, with
that id: a resend updates the record, never makes a second one. A refusal is kept with
SIASN's reason for the Admin BKD, who resends it from /kelola/siasn/kirim/ once fixed; a
SIASN that is down leaves it waiting, and the night queues the waiting ones again.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai
from ekinerja.siasn import SiasnClient, SiasnError
from kinerja.models import TahunKinerja

from .models import Evaluasi, KirimSiasn
from .predikat import Predikat, Rating

# SIASN's reference codes (ws-siasn-php's reference data): perilaku dan kinerja
# 1 di atas, 2 sesuai, 3 di bawah ekspektasi; kuadran 1 sangat baik ... 5 sangat kurang;
# periodik 1 bulanan, 2 triwulan.
NILAI = {Rating.DI_ATAS: 1, Rating.SESUAI: 2, Rating.DI_BAWAH: 3}
KUADRAN = {Predikat.SANGAT_BAIK: 1, Predikat.BAIK: 2, Predikat.BUTUH_PERBAIKAN: 3,
           Predikat.KURANG: 4, Predikat.SANGAT_KURANG: 5}
PERIODIK = {TahunKinerja.Ritme.BULANAN: 1, TahunKinerja.Ritme.TRIWULANAN: 2}
SELESAI = (Evaluasi.Status.FINAL, Evaluasi.Status.DIAKUI, Evaluasi.Status.KEBERATAN,
           Evaluasi.Status.DIPUTUSKAN)


def kirim_antre(evaluasi_id):
    """Queue an evaluation's result for SIASN (after the commit); nothing while SIASN is
    not configured."""
    if not settings.SIASN["BASE_URL"]:
        return None
    kirim, _created = KirimSiasn.objects.get_or_create(evaluasi_id=evaluasi_id)
    KirimSiasn.objects.filter(pk=kirim.pk).update(status=KirimSiasn.Status.MENUNGGU, pesan="")
    antre_setelah_commit("penilaian.tasks.siasn_kirim", kirim.pk)
    return kirim


@transaction.atomic
def kirim_ulang(*, kirim, actor):
    """The Admin BKD sends a refused or waiting result again."""
    KirimSiasn.objects.filter(pk=kirim.pk).update(status=KirimSiasn.Status.MENUNGGU)
    audit_record(actor=actor, action="siasn.kirim_ulang", target=kirim.evaluasi,
                 before={"status": kirim.status, "pesan": kirim.pesan})
    antre_setelah_commit("penilaian.tasks.siasn_kirim", kirim.pk)


def kirim_menunggu_antre():
    """Nightly: every result still waiting (SIASN was down when it was sent) is queued again.
    Returns how many."""
    if not settings.SIASN["BASE_URL"]:
        return 0
    ids = list(KirimSiasn.objects.filter(status=KirimSiasn.Status.MENUNGGU)
               .values_list("pk", flat=True))
    for pk in ids:
        antre_setelah_commit("penilaian.tasks.siasn_kirim", pk)
    return len(ids)


def muatan(evaluasi):
    """(path, JSON) of an evaluation, in SIASN's field names."""
    pegawai = evaluasi.pegawai
    penilai = Pegawai.objects.filter(pk=evaluasi.penilai_id).only("golongan").first()
    common = {"hasilKinerjaNilai": NILAI[evaluasi.rating_hasil],
              "perilakuKerjaNilai": NILAI[evaluasi.rating_perilaku],
              "kuadranKinerjaNilai": KUADRAN[evaluasi.predikat],
              "penilaiGolongan": penilai.golongan if penilai else "",
              "penilaiNama": evaluasi.penilai_nama, "penilaiNipNrp": evaluasi.penilai_nip,
              "penilaiUnorNama": evaluasi.penilai_unit, "statusPenilai": "ASN",
              "tahun": evaluasi.tahun.tahun, "path": []}
    if evaluasi.nomor == 0:
        return "/skp22/save", {**common, "penilaiJabatan": evaluasi.penilai_jabatan,
                               "pnsDinilaiOrang": pegawai.siasn_id}
    periode = evaluasi.periode
    return "/kinerjaperiodik/save", {
        **common, "penilaiJabatanNama": evaluasi.penilai_jabatan,
        "pnsDinilaiId": pegawai.siasn_id, "periodikId": PERIODIK[evaluasi.tahun.ritme],
        "bulanMulaiPenilaian": str(periode.mulai.month),
        "bulanSelesaiPenilaian": str(periode.selesai.month),
        "tahunMulaiPenilaian": periode.mulai.year, "tahunSelesaiPenilaian": periode.selesai.year,
        "koefisienId": ""}


def siasn_kirim(kirim_id, *, client=None):
    """Send one result (the worker). Returns the status it ends in."""
    kirim = KirimSiasn.objects.select_related(
        "evaluasi__pegawai", "evaluasi__tahun", "evaluasi__periode").get(pk=kirim_id)
    evaluasi = kirim.evaluasi
    if evaluasi.status not in SELESAI:
        return kirim.status
    if not evaluasi.pegawai.siasn_id:
        return _simpan(kirim, KirimSiasn.Status.DITOLAK, _(
            "We do not have SIASN's id of this employee yet: run the SIASN pull and apply "
            "it, then send again."))
    path, payload = muatan(evaluasi)
    if kirim.id_siasn:
        payload["id"] = kirim.id_siasn
    try:
        client = client or SiasnClient.from_settings()
        record = client.simpan(path, payload, what=_("the result of %(nip)s, %(label)s")
                               % {"nip": evaluasi.pegawai.nip, "label": evaluasi.label})
    except SiasnError as exc:
        refused = exc.status is not None and exc.status < 500 and exc.status != 429
        return _simpan(kirim, KirimSiasn.Status.DITOLAK if refused
                       else KirimSiasn.Status.MENUNGGU, exc.pesan)
    return _simpan(kirim, KirimSiasn.Status.TERKIRIM, "", id_siasn=record or kirim.id_siasn)


def _simpan(kirim, status, pesan, **extra):
    changes = {"status": status, "pesan": pesan, "dicoba": kirim.dicoba + 1, **extra}
    if status == KirimSiasn.Status.TERKIRIM:
        changes["terkirim_pada"] = timezone.now()
    KirimSiasn.objects.filter(pk=kirim.pk).update(**changes)
    return status
