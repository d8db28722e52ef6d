"""Public satisfaction (Survei Kepuasan Masyarakat, PermenPANRB 14/2017; domain.md).

Each answer rates nine elements (unsur) on 1-4. Per element the average over the valid
answers of a period is its NRR; the IKM is the mean of the nine NRRs times 25 (25-100),
rounded half up to two decimals, and its quality grade is the band (BandMutu, data) its
value falls in. An OPD's IKM is computed the same way over every answer to its service
units. Computed by Celery (nightly for open periods, and after BKD voids answers), from
one grouped query per period.
"""

import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record
from ekinerja.models import UnitKerja

from .models import BandMutu, NilaiIKM, ResponSurvei

# (short name, the question in plain Indonesian)
UNSUR = [
    ("Persyaratan", "Apakah persyaratan layanan sesuai dan mudah dipenuhi?"),
    ("Prosedur", "Apakah alur dan prosedur layanannya mudah?"),
    ("Waktu penyelesaian", "Apakah layanan selesai tepat waktu?"),
    ("Biaya/tarif", "Apakah biayanya wajar dan sesuai ketentuan (atau gratis)?"),
    ("Produk layanan", "Apakah hasil layanan sesuai dengan yang dijanjikan?"),
    ("Kompetensi petugas", "Apakah petugas mampu dan paham tugasnya?"),
    ("Perilaku petugas", "Apakah petugas sopan dan ramah?"),
    ("Penanganan pengaduan", "Apakah saran dan pengaduan ditanggapi dengan baik?"),
    ("Sarana dan prasarana", "Apakah tempat dan fasilitas layanannya nyaman?"),
]
SKALA = [(1, "Tidak baik"), (2, "Kurang baik"), (3, "Baik"), (4, "Sangat baik")]
KOLOM = [f"u{n}" for n in range(1, 10)]

# The bands commonly used (domain.md); BandMutu holds them as data, refilled if emptied.
BAND_AWAL = [("88.31", "A", "Sangat Baik"), ("76.61", "B", "Baik"),
             ("65.00", "C", "Kurang Baik"), ("25.00", "D", "Tidak Baik")]
CENT = Decimal("0.01")


def bands():
    rows = list(BandMutu.objects.order_by("-batas_bawah"))
    if not rows:
        rows = BandMutu.objects.bulk_create(BandMutu(batas_bawah=Decimal(b), mutu=m, kinerja=k)
                                            for b, m, k in BAND_AWAL)
    return sorted(rows, key=lambda b: b.batas_bawah, reverse=True)


def mutu_for(ikm, rows=None):
    """The band of an IKM value: the highest band whose lower bound it reaches."""
    for band in rows if rows is not None else bands():
        if ikm >= band.batas_bawah:
            return band
    return None


def hitung(n, sums):
    """(NRR per element, IKM) from the number of answers and the nine sums."""
    nrr = [(Decimal(s) / n).quantize(Decimal("0.001"), ROUND_HALF_UP) for s in sums]
    ikm = (Decimal(sum(sums)) * 25 / (9 * n)).quantize(CENT, ROUND_HALF_UP)
    return nrr, ikm


def _opd_of(path, opd_ids):
    return next((int(i) for i in path.strip("/").split("/") if i and int(i) in opd_ids), None)


@transaction.atomic
def ikm_hitung(*, periode):
    """The period's IKM of every service unit and OPD with valid answers (upserted; an
    entity whose answers were all voided loses its row). Returns the rows written. Runs
    for one period at a time (the nightly run and a void may meet): the period row is
    locked first."""
    from kinerja.models import Periode

    Periode.objects.select_for_update().filter(pk=periode.pk).first()
    rows = list(ResponSurvei.objects.filter(
        tanggal__range=(periode.mulai, periode.selesai), batal=False)
        .values("unit_layanan_id", "unit_layanan__unit_id", "unit_layanan__unit__path")
        .annotate(n=Count("id"), **{k: Sum(k) for k in KOLOM}))
    opd_ids = set(UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS)
                  .values_list("pk", flat=True))
    per_opd, band_rows, now = {}, bands(), timezone.now()
    results = []

    def make(unit_layanan_id, unit_id, n, sums):
        nrr, ikm = hitung(n, sums)
        band = mutu_for(ikm, band_rows)
        return NilaiIKM(unit_layanan_id=unit_layanan_id, unit_id=unit_id, periode=periode,
                        responden=n, nrr=[str(x) for x in nrr], ikm=ikm,
                        mutu=band.mutu if band else "", kinerja=band.kinerja if band else "",
                        dihitung_pada=now)

    for row in rows:
        sums = [row[k] for k in KOLOM]
        results.append(make(row["unit_layanan_id"], row["unit_layanan__unit_id"], row["n"],
                            sums))
        opd = _opd_of(row["unit_layanan__unit__path"], opd_ids)
        if opd is not None:
            acc = per_opd.setdefault(opd, [0] * 10)
            acc[0] += row["n"]
            for i, s in enumerate(sums, start=1):
                acc[i] += s
    results += [make(None, opd, acc[0], acc[1:]) for opd, acc in per_opd.items()]
    NilaiIKM.objects.filter(periode=periode).delete()
    NilaiIKM.objects.bulk_create(results)
    _realisasi(periode, {n.unit_layanan_id: n for n in results if n.unit_layanan_id})
    return len(results)


def _realisasi(periode, nilai):
    """Write each linked IKI's realisation for the period (its SKP's year, while the
    period is open), and recompute its owner's score after commit."""
    from kinerja.models import RealisasiManual, Skp

    from .models import IkiIkm
    from .services import skor_recompute_later

    if periode.terkunci:
        return
    for link in (IkiIkm.objects.filter(unit_layanan_id__in=list(nilai),
                                       iki__rhk__skp__tahun_id=periode.tahun_id,
                                       iki__rhk__skp__status=Skp.Status.DISETUJUI)
                 .select_related("iki__rhk__skp", "unit_layanan")):
        value = nilai[link.unit_layanan_id]
        RealisasiManual.objects.update_or_create(
            iki=link.iki, periode=periode, defaults={
                "nilai": value.ikm, "diisi_oleh_id": link.dibuat_oleh_id,
                "keterangan": f"IKM {link.unit_layanan.nama}: {value.responden} responden, "
                              f"mutu {value.mutu}"[:500]})
        skor_recompute_later(pegawai_id=link.iki.rhk.skp.pegawai_id, day=periode.mulai)


def iki_pilihan(pegawai, unit_layanan, tahun):
    """The IKIs the IKM of `unit_layanan` may realise: those measured by hand in the
    approved SKP of the year of someone heading its unit or a unit above it."""
    from ekinerja.selectors import holds_head_post
    from kinerja.models import Agregasi, Iki, Skp

    if not holds_head_post(pegawai) or not unit_layanan.unit.path.startswith(
            pegawai.unit.path):
        return Iki.objects.none()
    return Iki.objects.filter(rhk__skp__pegawai=pegawai, rhk__skp__tahun__tahun=tahun,
                              rhk__skp__status=Skp.Status.DISETUJUI,
                              agregasi=Agregasi.MANUAL).select_related("rhk")


@transaction.atomic
def iki_hubungkan(*, iki, unit_layanan, actor, tahun):
    """The head links one of their IKIs to a service unit's IKM (audited)."""
    from django.core.exceptions import ValidationError

    from .models import IkiIkm

    if not iki_pilihan(actor, unit_layanan, tahun).filter(pk=iki.pk).exists():
        raise ValidationError(_("Choose an IKI measured by hand in your approved SKP of "
                                "this year; you must head the service unit's unit."))
    link, _created = IkiIkm.objects.update_or_create(
        iki=iki, defaults={"unit_layanan": unit_layanan, "dibuat_oleh": actor})
    audit_record(actor=actor, action="ikm.hubungkan_iki", target=unit_layanan,
                 after={"iki": iki.pk})
    return link


def perangkat_hash(device_id, unit_layanan):
    """What is stored of a browser: a hash of its random cookie, per service unit."""
    return hashlib.sha256(f"{unit_layanan.token}:{device_id}".encode()).hexdigest()


def respon_save(*, unit_layanan, device_id, data):
    """A citizen's answer to the public survey, dated today and stored with the device's
    hash. None when this device already answered this service unit today (the table's
    unique constraint; the savepoint keeps the caller's transaction usable)."""
    try:
        with transaction.atomic():
            return ResponSurvei.objects.create(
                unit_layanan=unit_layanan, perangkat=perangkat_hash(device_id, unit_layanan),
                tanggal=timezone.localdate(), **data)
    except IntegrityError:
        return None


@transaction.atomic
def respon_batalkan(*, unit_layanan, mulai, selesai, alasan, actor):
    """BKD voids the answers a service unit received between two moments (a burst of
    abuse); audited, and the period's IKM is recomputed. Returns how many were voided."""
    from kinerja.selectors import periode_of

    answers = ResponSurvei.objects.filter(unit_layanan=unit_layanan, batal=False,
                                          dibuat__gte=mulai, dibuat__lte=selesai)
    days = sorted(set(answers.values_list("tanggal", flat=True)))
    count = answers.update(batal=True)
    audit_record(actor=actor, action="ikm.batal", target=unit_layanan,
                 after={"mulai": mulai.isoformat(), "selesai": selesai.isoformat(),
                        "jumlah": count, "alasan": alasan})
    for periode in {periode_of(day) for day in days} - {None}:
        ikm_hitung(periode=periode)
    return count


@transaction.atomic
def komentar_sembunyikan(*, respon, alasan, actor):
    """The unit's admin hides a comment (abuse, personal data) with a reason; audited. The
    answer's ratings still count."""
    if not alasan.strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({"alasan": _("Give the reason for hiding the comment.")})
    ResponSurvei.objects.filter(pk=respon.pk).update(komentar_disembunyikan=True,
                                                     alasan_sembunyi=alasan[:300])
    audit_record(actor=actor, action="ikm.sembunyikan_komentar", target=respon.unit_layanan,
                 after={"respon": respon.pk, "alasan": alasan[:300]})


@transaction.atomic
def unit_layanan_save(*, unit_layanan, layanan, actor):
    """Save a service unit and its services (`layanan`: names, one each; a service no
    longer listed is retired, not deleted, as answers refer to it). Audited."""
    from django.core.exceptions import ValidationError

    from ekinerja.access import admin_scope, unit_in_scope

    from .models import JenisLayanan

    if not unit_in_scope(admin_scope(actor), unit_layanan.unit):
        raise ValidationError({"unit": _("Choose a unit you administer.")})
    names = list(dict.fromkeys(n.strip()[:200] for n in layanan if n.strip()))
    if not names:
        raise ValidationError({"layanan": _("List at least one service, one per line.")})
    created = unit_layanan.pk is None
    unit_layanan.full_clean()
    unit_layanan.save()
    have = {j.nama: j for j in unit_layanan.layanan_set.all()}
    for name in names:
        if name in have:
            if not have[name].aktif:
                JenisLayanan.objects.filter(pk=have[name].pk).update(aktif=True)
        else:
            JenisLayanan.objects.create(unit_layanan=unit_layanan, nama=name)
    unit_layanan.layanan_set.exclude(nama__in=names).update(aktif=False)
    audit_record(actor=actor, action="ikm.unit_layanan." + ("buat" if created else "ubah"),
                 target=unit_layanan, after={"nama": unit_layanan.nama,
                                             "unit": unit_layanan.unit_id, "layanan": names,
                                             "aktif": unit_layanan.aktif})
    return unit_layanan


def terendah(nilai, n=3):
    """The elements scoring lowest in a computed IKM: the improvement targets."""
    pairs = sorted(zip(nilai.nrr_angka, range(len(UNSUR)), strict=True),
                   key=lambda p: p[0])[:n]
    return [{"nama": UNSUR[i][0], "nrr": value} for value, i in pairs]
