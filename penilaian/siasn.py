"""Appraisal results pushed to SIASN (docs/bkn.md): a period's as "kinerja periodik"
(`/kinerjaperiodik/save`), the year's as SKP 2022 (`/skp22/save`), and each year's angka
kredit under the PAK the Admin BKD issued (`/angkakredit/save`).

An evaluation is queued when it becomes final and again when an appeal changes its
predikat (only while SIASN is configured). The worker sends it with SIASN's id of the
person (kept by the SIASN pull) and, once SIASN has answered with the record's id, with
that id: a resend updates the record, never makes a second one. A refusal is kept with
SIASN's reason for the Admin BKD, who resends it from /kelola/siasn/kirim/ once fixed; a
SIASN that is down leaves it waiting, and the night queues the waiting ones again.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai
from ekinerja.siasn import SiasnClient, SiasnError
from kinerja.models import TahunKinerja

from .angka_kredit import pak_terakhir
from .models import AngkaKredit, Evaluasi, KirimAngkaKredit, KirimSiasn
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
    """The Admin BKD sends a refused or waiting result (a KirimSiasn) or year of angka
    kredit (a KirimAngkaKredit) again."""
    type(kirim).objects.filter(pk=kirim.pk).update(status=KirimSiasn.Status.MENUNGGU)
    if isinstance(kirim, KirimAngkaKredit):
        target, task, what = kirim.pegawai, "siasn_kirim_angka_kredit", {
            "tahun": kirim.tahun.tahun}
    else:
        target, task, what = kirim.evaluasi, "siasn_kirim", {}
    audit_record(actor=actor, action="siasn.kirim_ulang", target=target,
                 before={**what, "status": kirim.status, "pesan": kirim.pesan})
    antre_setelah_commit(f"penilaian.tasks.{task}", kirim.pk)


def kirim_menunggu_antre():
    """Nightly: every result still waiting (SIASN was down when it was sent) is queued again.
    Returns how many."""
    if not settings.SIASN["BASE_URL"]:
        return 0
    ids = list(KirimSiasn.objects.filter(status=KirimSiasn.Status.MENUNGGU)
               .values_list("pk", flat=True))
    for pk in ids:
        antre_setelah_commit("penilaian.tasks.siasn_kirim", pk)
    years = list(KirimAngkaKredit.objects.filter(status=KirimAngkaKredit.Status.MENUNGGU)
                 .values_list("pk", flat=True))
    for pk in years:
        antre_setelah_commit("penilaian.tasks.siasn_kirim_angka_kredit", pk)
    return len(ids) + len(years)


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


def _tanpa_id():
    return _("We do not have SIASN's id of this employee yet: run the SIASN pull and apply "
             "it, then send again.")


def siasn_kirim(kirim_id, *, client=None):
    """Send one result (the worker). Returns the status it ends in."""
    kirim = KirimSiasn.objects.select_related(
        "evaluasi__pegawai", "evaluasi__tahun", "evaluasi__periode").get(pk=kirim_id)
    evaluasi = kirim.evaluasi
    if evaluasi.status not in SELESAI:
        return kirim.status
    if not evaluasi.pegawai.siasn_id:
        return _simpan(kirim, KirimSiasn.Status.DITOLAK, _tanpa_id())
    path, payload = muatan(evaluasi)
    return _kirim(kirim, path, payload, client, what=_("the result of %(nip)s, %(label)s")
                  % {"nip": evaluasi.pegawai.nip, "label": evaluasi.label})


def _kirim(kirim, path, payload, client, *, what):
    """POST a record (a KirimSiasn or KirimAngkaKredit's), with SIASN's id once known: sent,
    refused with SIASN's reason, or still waiting while SIASN is down."""
    if kirim.id_siasn:
        payload["id"] = kirim.id_siasn
    try:
        client = client or SiasnClient.from_settings()
        record = client.simpan(path, payload, what=what)
    except SiasnError as exc:
        refused = exc.status is not None and exc.status < 500 and exc.status != 429
        return _simpan(kirim, "ditolak" if refused else "menunggu", exc.pesan)
    return _simpan(kirim, "terkirim", "", id_siasn=record or kirim.id_siasn)


def _simpan(kirim, status, pesan, **extra):
    changes = {"status": status, "pesan": pesan, "dicoba": kirim.dicoba + 1, **extra}
    if status == "terkirim":
        changes["terkirim_pada"] = timezone.now()
    type(kirim).objects.filter(pk=kirim.pk).update(**changes)
    return status


# --- angka kredit (/angkakredit/save) --------------------------------------------------------


def angka_kredit_kirim_antre(*, pegawai, nomor, tanggal):
    """After the Admin BKD issues a PAK: each year it sets goes to SIASN under its number and
    date (after the commit; nothing while SIASN is not configured). Returns the records."""
    if not settings.SIASN["BASE_URL"]:
        return []
    years = sorted(set(AngkaKredit.objects.filter(pegawai=pegawai, sementara=False)
                       .values_list("tahun_id", flat=True)))
    records = []
    for tahun_id in years:
        kirim, _created = KirimAngkaKredit.objects.update_or_create(
            pegawai=pegawai, tahun_id=tahun_id, defaults={
                "nomor_sk": nomor, "tanggal_sk": tanggal,
                "status": KirimAngkaKredit.Status.MENUNGGU, "pesan": ""})
        antre_setelah_commit("penilaian.tasks.siasn_kirim_angka_kredit", kirim.pk)
        records.append(kirim)
    return records


def muatan_angka_kredit(kirim):
    """SIASN's angka kredit record of a year (a conversion, `isKonversi`): the months held,
    the year's credit and the cumulative total at its end, under the PAK's number."""
    rows = list(AngkaKredit.objects.filter(pegawai_id=kirim.pegawai_id, sementara=False)
                .select_related("tahun"))
    year = [r for r in rows if r.tahun_id == kirim.tahun_id]
    pak = pak_terakhir([kirim.pegawai_id]).get(kirim.pegawai_id)
    total = (pak.nilai if pak else Decimal("0")) + sum(
        (r.nilai for r in rows if r.tahun.tahun <= kirim.tahun.tahun), Decimal("0"))
    tahun = str(kirim.tahun.tahun)
    return {"pnsId": kirim.pegawai.siasn_id, "isKonversi": "1", "isIntegrasi": "",
            "isAngkaKreditPertama": "",
            "bulanMulaiPenailan": str(min(r.bulan_awal for r in year)),
            "tahunMulaiPenailan": tahun,
            "bulanSelesaiPenailan": str(max(r.bulan_akhir for r in year)),
            "tahunSelesaiPenailan": tahun,
            "kreditUtamaBaru": str(sum((r.nilai for r in year), Decimal("0"))),
            "kreditPenunjangBaru": "0", "kreditBaruTotal": str(total),
            "nomorSk": kirim.nomor_sk, "tanggalSk": kirim.tanggal_sk.strftime("%d-%m-%Y"),
            "rwJabatanId": "", "path": []}


def siasn_kirim_angka_kredit(kirim_id, *, client=None):
    """Send one year's angka kredit (the worker). Returns the status it ends in."""
    kirim = KirimAngkaKredit.objects.select_related("pegawai", "tahun").get(pk=kirim_id)
    if not kirim.pegawai.siasn_id:
        return _simpan(kirim, KirimAngkaKredit.Status.DITOLAK, _tanpa_id())
    if not AngkaKredit.objects.filter(pegawai_id=kirim.pegawai_id, tahun_id=kirim.tahun_id,
                                      sementara=False).exists():
        return _simpan(kirim, KirimAngkaKredit.Status.DITOLAK, _(
            "This year has no final conversion any more: issue the PAK again."))
    return _kirim(kirim, "/angkakredit/save", muatan_angka_kredit(kirim), client, what=_(
        "the angka kredit of %(nip)s for %(year)s") % {"nip": kirim.pegawai.nip,
                                                      "year": kirim.tahun.tahun})


