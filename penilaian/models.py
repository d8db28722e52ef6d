"""Result-based scores (computed by Celery workers) and the versioned rule they follow."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ekinerja.models import Jabatan
from kinerja.models import Periode, Skp, TahunKinerja

from .predikat import Predikat, Rating


class AturanSkor(models.Model):
    """BKD's scoring parameters from a date on. Scores store the version they used, so a
    new version never changes a past score's meaning."""

    versi = models.PositiveSmallIntegerField(_("version"), unique=True)
    berlaku_mulai = models.DateField(_("effective from"), unique=True)
    capaian_maks = models.DecimalField(_("maximum capaian (%)"), max_digits=6,
                                       decimal_places=2, default=Decimal("120"))
    ambang_di_atas = models.DecimalField(_("result score for 'above expectation'"),
                                         max_digits=6, decimal_places=2, default=Decimal("110"))
    ambang_sesuai = models.DecimalField(_("result score for 'as expected'"), max_digits=6,
                                        decimal_places=2, default=Decimal("90"))
    bobot_produktivitas = models.DecimalField(_("TPP weight of productivity (%)"),
                                              max_digits=5, decimal_places=2,
                                              default=Decimal("60"))
    bobot_hasil = models.DecimalField(_("TPP weight of the result score (%)"), max_digits=5,
                                      decimal_places=2, default=Decimal("40"))
    catatan = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("scoring rule")
        ordering = ["-berlaku_mulai"]

    def __str__(self):
        return f"v{self.versi} ({self.berlaku_mulai})"


# The columns of the rows in Skor.rincian, per SKP and per IKI (the scoring statement in
# penilaian.skor builds them in this order).
RINCIAN_SKP = ("skp", "pendekatan", "menit", "skor_hasil")
RINCIAN_IKI = ("iki", "utama", "arah", "realisasi", "target", "target_atas", "capaian",
               "bobot", "menit")


class Skor(models.Model):
    """A person's result-based score for a period (`nomor` = the period's number) or for
    the whole year (`nomor` 0, no period). `rincian` keeps every input and intermediate
    figure, so the explanation shows exactly what was computed."""

    Rating = Rating

    TAHUNAN = 0
    _ANGKA = ("realisasi", "target", "target_atas", "capaian", "bobot", "skor_hasil")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="skor_set")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    nomor = models.PositiveSmallIntegerField(default=TAHUNAN)
    periode = models.ForeignKey(Periode, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="skor")
    skp = models.ForeignKey(Skp, null=True, on_delete=models.PROTECT, related_name="skor")
    aturan = models.ForeignKey(AturanSkor, on_delete=models.PROTECT)
    menit_disetujui = models.PositiveIntegerField(default=0)
    target_menit = models.PositiveIntegerField(default=0)
    produktivitas = models.DecimalField(max_digits=6, decimal_places=2)
    # None for a qualitative SKP: the atasan judges the result, no number suggests it.
    skor_hasil = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    rating_saran = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    tpp_kinerja = models.DecimalField(max_digits=6, decimal_places=2)
    rincian = models.JSONField(default=list)
    digest = models.CharField(max_length=64)
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("score")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun", "nomor"], name="skor_unik"),
            models.CheckConstraint(condition=models.Q(nomor=0, periode__isnull=True)
                                   | models.Q(nomor__gt=0, periode__isnull=False),
                                   name="skor_tahunan_tanpa_periode"),
        ]
        indexes = [models.Index(fields=["periode", "rating_saran"], name="skor_periode")]

    def __str__(self):
        return f"{self.pegawai_id}@{self.tahun_id}/{self.nomor}: {self.skor_hasil}"

    @property
    def tahunan(self):
        return self.nomor == self.TAHUNAN

    def baris_skp(self):
        """Per SKP in the range (`rincian`, see penilaian.skor): its approach, approved
        minutes, result score and IKI lines, figures as Decimals."""
        rows = []
        for *values, lines in self.rincian or []:
            row = _figures(dict(zip(RINCIAN_SKP, values, strict=True)))
            row["iki"] = [_figures({**dict(zip(RINCIAN_IKI, line, strict=True)),
                                    "skp": row["skp"]}) for line in lines]
            rows.append(row)
        return rows

    def baris_iki(self):
        """Every IKI line of every SKP in the range."""
        return [line for skp in self.baris_skp() for line in skp["iki"]]

    @property
    def label(self):
        if self.periode_id:
            return str(self.periode)
        return _("Year %(year)s") % {"year": self.tahun.tahun}


def _figures(row):
    """JSON numbers back to two-decimal Decimals; `utama` back to a boolean."""
    for key in Skor._ANGKA:
        if row.get(key) is not None:
            row[key] = Decimal(str(row[key])).quantize(Decimal("0.01"))
    if "utama" in row:
        row["utama"] = bool(row["utama"])
    return row


class SkorUnit(models.Model):
    """A unit's (and its sub-units') figures for a period, for dashboards: they read these
    rows, never raw activities."""

    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    jumlah_pegawai = models.PositiveIntegerField(default=0)
    rata_skor_hasil = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    rata_produktivitas = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    rata_tpp = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    n_di_atas = models.PositiveIntegerField(default=0)
    n_sesuai = models.PositiveIntegerField(default=0)
    n_di_bawah = models.PositiveIntegerField(default=0)
    hari_lapor = models.PositiveIntegerField(default=0)
    hari_wajib = models.PositiveIntegerField(default=0)
    menunggu_validasi = models.PositiveIntegerField(default=0)
    # Validated after the period's cut-off, or escalated because nobody validated in time.
    terlambat_validasi = models.PositiveIntegerField(default=0)
    pegawai_aktif = models.PositiveIntegerField(default=0)
    skp_disetujui = models.PositiveIntegerField(default=0)  # people with an approved SKP
    tanpa_skp = models.PositiveIntegerField(default=0)  # people with no SKP at all
    jp_patuh = models.PositiveIntegerField(default=0)  # people at their JP right this year
    # Staff predikat of the period's non-draft evaluations: {predikat: people}.
    predikat = models.JSONField(default=dict)
    dihitung_pada = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "periode"],
                                               name="skorunit_unik")]

    def __str__(self):
        return f"{self.unit_id}@{self.periode_id}"

    @property
    def persen_skp(self):
        return _persen(self.skp_disetujui, self.pegawai_aktif)

    @property
    def persen_jp(self):
        return _persen(self.jp_patuh, self.pegawai_aktif)

    @property
    def jumlah_predikat(self):
        return sum(self.predikat.values())

    @property
    def kelengkapan(self):
        """Share of required working days on which people reported, in percent."""
        return _persen(self.hari_lapor, self.hari_wajib) or 0


def _persen(part, whole):
    return round(100 * part / whole, 1) if whole else None


class TugasHitung(models.Model):
    """A recompute BKD asked for from the web (or the nightly run, `dibuat_oleh` empty):
    enqueued, then polled until done, with the people who could not be scored."""

    class Status(models.TextChoices):
        ANTRE = "antre", _("Queued")
        BERJALAN = "berjalan", _("Running")
        SELESAI = "selesai", _("Done")
        GAGAL = "gagal", _("Failed")

    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANTRE)
    jumlah = models.PositiveIntegerField(default=0)
    gagal = models.JSONField(default=list)
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.periode} {self.unit} {self.status}"


class Evaluasi(models.Model):
    """The atasan's evaluation of a person for a period (`nomor` = the period's number) or
    the year (`nomor` 0): feedback per RHK, the rating of hasil kerja (suggested by the
    result score; overriding it needs a reason), the 7 BerAKHLAK ratings and the overall
    rating of perilaku, and the predikat from the matrix. Who evaluated whom, in which
    posts, is kept as it was."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final, awaiting acknowledgement")
        DIAKUI = "diakui", _("Acknowledged")
        KEBERATAN = "keberatan", _("Appealed")
        DIPUTUSKAN = "diputuskan", _("Appeal decided")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="evaluasi_set")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    nomor = models.PositiveSmallIntegerField(default=0)
    periode = models.ForeignKey(Periode, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    skp = models.ForeignKey(Skp, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    rating_saran = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    skor_hasil = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rating_hasil = models.CharField(_("rating of hasil kerja"), max_length=10,
                                    choices=Rating.choices, blank=True)
    alasan_rating = models.TextField(_("why another rating than the suggested one"),
                                     blank=True)
    rating_perilaku = models.CharField(_("rating of perilaku"), max_length=10,
                                       choices=Rating.choices, blank=True)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices,
                                blank=True)
    # Who evaluated, in which post and unit, and the employee's post and unit, as they were.
    penilai = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                related_name="+")
    penilai_nip = models.CharField(max_length=18, blank=True)
    penilai_nama = models.CharField(max_length=255, blank=True)
    penilai_jabatan = models.CharField(max_length=200, blank=True)
    penilai_unit = models.CharField(max_length=200, blank=True)
    penilai_kapasitas = models.JSONField(null=True, blank=True)
    pegawai_jabatan = models.CharField(max_length=200, blank=True)
    pegawai_unit = models.CharField(max_length=200, blank=True)
    difinalkan_pada = models.DateTimeField(null=True, blank=True)
    diakui_pada = models.DateTimeField(null=True, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        ordering = ["-tahun__tahun", "nomor"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun", "nomor"],
                                               name="evaluasi_unik")]

    def __str__(self):
        return f"{self.pegawai_id}@{self.tahun_id}/{self.nomor}"

    @property
    def label(self):
        if self.periode_id:
            return str(self.periode)
        return _("Year %(year)s") % {"year": self.tahun.tahun}


class EvaluasiRhk(models.Model):
    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="rhk_set")
    rhk = models.ForeignKey("kinerja.Rhk", on_delete=models.PROTECT, related_name="+")
    umpan_balik = models.TextField(_("feedback"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluasi", "rhk"],
                                               name="evaluasirhk_unik")]

    def __str__(self):
        return f"{self.evaluasi_id}:{self.rhk_id}"


class EvaluasiPerilaku(models.Model):
    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE,
                                 related_name="perilaku_set")
    nilai = models.PositiveSmallIntegerField()  # 1..7, kinerja.berakhlak
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    umpan_balik = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["nilai"]
        constraints = [models.UniqueConstraint(fields=["evaluasi", "nilai"],
                                               name="evaluasiperilaku_unik")]

    def __str__(self):
        return f"{self.evaluasi_id}:{self.nilai}"


class Keberatan(models.Model):
    """The employee's appeal against an evaluation's predikat, decided by the atasan's own
    atasan (the atasan pejabat penilai)."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Filed")
        DITERIMA = "diterima", _("Upheld")
        DITOLAK = "ditolak", _("Rejected")

    evaluasi = models.OneToOneField(Evaluasi, on_delete=models.CASCADE,
                                    related_name="keberatan")
    alasan = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.DIAJUKAN)
    predikat_awal = models.CharField(max_length=16, choices=Predikat.choices)
    predikat_baru = models.CharField(_("new predikat"), max_length=16,
                                     choices=Predikat.choices, blank=True)
    alasan_keputusan = models.TextField(_("reason for the decision"), blank=True)
    pemutus = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")

    def __str__(self):
        return f"{self.evaluasi_id}: {self.status}"


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# The head of a unit gets the unit's result as their rating of hasil kerja.
RATING_KEPALA = {
    PredikatOrganisasi.ISTIMEWA: Rating.DI_ATAS,
    PredikatOrganisasi.BAIK: Rating.SESUAI,
    PredikatOrganisasi.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
    PredikatOrganisasi.KURANG: Rating.DI_BAWAH,
    PredikatOrganisasi.SANGAT_KURANG: Rating.DI_BAWAH,
}


class BatasKurva(models.Model):
    """One limit of the curve for an organisation predikat: at most / at least a share of
    staff with the given predikat, or at least one of them. Seeded from domain.md by
    migration; BKD edits the shares."""

    class Jenis(models.TextChoices):
        MAKS = "maks", _("at most")
        MIN = "min", _("at least")
        ADA = "ada", _("at least one")

    organisasi = models.CharField(_("organisation predikat"), max_length=16,
                                  choices=PredikatOrganisasi.choices)
    predikat_pegawai = models.CharField(_("staff predikat"), max_length=100,
                                        help_text=_("comma-separated"))
    jenis = models.CharField(_("limit"), max_length=4, choices=Jenis.choices)
    persen = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("curve limit")
        ordering = ["organisasi", "id"]

    def __str__(self):
        return f"{self.organisasi}: {self.jenis} {self.persen}% {self.predikat_pegawai}"

    @property
    def predikat_list(self):
        return [p.strip() for p in self.predikat_pegawai.split(",") if p.strip()]


class PredikatUnit(models.Model):
    """A unit's organisation predikat for a year, set by BKD or the unit's head; final
    once finalised (outside the curve only with a justification, or not at all: the
    year's setting)."""

    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.PROTECT, related_name="+")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    predikat = models.CharField(_("organisation predikat"), max_length=16,
                                choices=PredikatOrganisasi.choices)
    final = models.BooleanField(default=False)
    alasan_di_luar_kurva = models.TextField(_("justification outside the curve"), blank=True)
    ditetapkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation predikat")
        constraints = [models.UniqueConstraint(fields=["unit", "tahun"],
                                               name="predikatunit_unik")]

    def __str__(self):
        return f"{self.unit_id}@{self.tahun_id}: {self.predikat}"


# --- public satisfaction (IKM, PermenPANRB 14/2017; penilaian.ikm) ----------------------


class UnitLayanan(models.Model):
    """A place where the public is served (a counter, a puskesmas, a licensing office),
    within a unit of an OPD. Its public survey page is /survei/<token>/."""

    unit = models.ForeignKey("ekinerja.UnitKerja", verbose_name=_("unit"),
                             on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(_("name"), max_length=200)
    alamat = models.CharField(_("address"), max_length=300, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    aktif = models.BooleanField(_("active"), default=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service unit")
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(
            fields=["unit", "nama"], name="unitlayanan_unik",
            violation_error_message=_("This unit already has a service unit of that name."))]

    def __str__(self):
        return self.nama


class JenisLayanan(models.Model):
    """A service a service unit provides (the respondent says which one they used)."""

    unit_layanan = models.ForeignKey(UnitLayanan, on_delete=models.CASCADE,
                                     related_name="layanan_set")
    nama = models.CharField(_("service"), max_length=200)
    aktif = models.BooleanField(default=True)

    class Meta:
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["unit_layanan", "nama"],
                                               name="jenislayanan_unik")]

    def __str__(self):
        return self.nama


class ResponSurvei(models.Model):
    """One anonymous answer to the survey: the nine elements on 1-4, the service used, an
    optional comment and optional demographics. `perangkat` is a hash of the answering
    browser's random cookie, for the limit of one answer per device, unit and day."""

    unit_layanan = models.ForeignKey(UnitLayanan, on_delete=models.PROTECT,
                                     related_name="respon_set")
    layanan = models.ForeignKey(JenisLayanan, on_delete=models.PROTECT, related_name="+")
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    komentar = models.TextField(blank=True, max_length=1000)
    usia = models.CharField(max_length=10, blank=True)
    jenis_kelamin = models.CharField(max_length=1, blank=True)
    pendidikan = models.CharField(max_length=10, blank=True)
    pekerjaan = models.CharField(max_length=20, blank=True)
    perangkat = models.CharField(max_length=64)
    tanggal = models.DateField()
    dibuat = models.DateTimeField(auto_now_add=True)
    batal = models.BooleanField(default=False)  # voided by BKD (a burst of abuse)
    komentar_disembunyikan = models.BooleanField(default=False)
    alasan_sembunyi = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_layanan", "perangkat", "tanggal"],
                                    name="respon_sekali_sehari"),
            *[models.CheckConstraint(condition=models.Q(**{f"u{n}__gte": 1, f"u{n}__lte": 4}),
                                     name=f"respon_u{n}_1_4") for n in range(1, 10)],
        ]
        indexes = [models.Index(fields=["unit_layanan", "tanggal"], name="respon_unit_tanggal")]

    def __str__(self):
        return f"{self.unit_layanan_id}@{self.tanggal}"


class BandMutu(models.Model):
    """The IKM conversion bands, kept as data (PermenPANRB 14/2017; domain.md): an IKM at
    or above `batas_bawah` (and below the next band) has this quality grade."""

    batas_bawah = models.DecimalField(max_digits=5, decimal_places=2, unique=True)
    mutu = models.CharField(max_length=1, unique=True)
    kinerja = models.CharField(max_length=40)

    class Meta:
        ordering = ["-batas_bawah"]

    def __str__(self):
        return f"{self.mutu} >= {self.batas_bawah}"


class NilaiIKM(models.Model):
    """The IKM of a service unit (or, with `unit_layanan` empty, of an OPD over all its
    service units) for a period, computed by penilaian.ikm from the valid responses."""

    unit_layanan = models.ForeignKey(UnitLayanan, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="nilai_set")
    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    responden = models.PositiveIntegerField()
    nrr = models.JSONField(default=list)  # the nine elements' averages, as strings
    ikm = models.DecimalField(max_digits=5, decimal_places=2)
    mutu = models.CharField(max_length=1)
    kinerja = models.CharField(max_length=40)
    dihitung_pada = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_layanan", "periode"],
                                    condition=models.Q(unit_layanan__isnull=False),
                                    name="nilaiikm_layanan_unik"),
            models.UniqueConstraint(fields=["unit", "periode"],
                                    condition=models.Q(unit_layanan__isnull=True),
                                    name="nilaiikm_opd_unik"),
        ]

    def __str__(self):
        return f"{self.unit_layanan_id or self.unit_id}@{self.periode_id}: {self.ikm}"

    @property
    def nrr_angka(self):
        return [Decimal(x) for x in self.nrr]


class IkiIkm(models.Model):
    """The IKM of a service unit is the realisation of this IKI (of the SKP of a head of
    the unit it belongs to): penilaian.ikm writes it as the IKI's manual realisation each
    period, so it flows into the head's result score."""

    iki = models.OneToOneField("kinerja.Iki", on_delete=models.CASCADE, related_name="ikm")
    unit_layanan = models.ForeignKey(UnitLayanan, on_delete=models.CASCADE,
                                     related_name="iki_set")
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.iki_id} <- {self.unit_layanan_id}"


class KirimanSiasn(models.Model):
    """A record on its way to SIASN (penilaian.siasn): waiting, sent (SIASN's id of it kept,
    so a resend updates it and never makes a second one) or refused with SIASN's reason."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Waiting")
        TERKIRIM = "terkirim", _("Sent")
        DITOLAK = "ditolak", _("Refused")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    id_siasn = models.CharField(max_length=64, blank=True)
    pesan = models.TextField(blank=True)
    dicoba = models.PositiveSmallIntegerField(default=0)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["status", "-diubah"]


class KirimSiasn(KirimanSiasn):
    """An evaluation's result on its way to SIASN: queued when it is final and again when
    an appeal changes it."""

    evaluasi = models.OneToOneField(Evaluasi, on_delete=models.CASCADE,
                                    related_name="kirim_siasn")

    class Meta(KirimanSiasn.Meta):
        pass

    def __str__(self):
        return f"{self.evaluasi_id}: {self.status}"


# --- angka kredit of functional positions (penilaian.angka_kredit) -------------------------


class AturanAngkaKredit(models.Model):
    """BKD's conversion rule for angka kredit from a date on (PermenPANRB 1/2023, Peraturan
    BKN 3/2023): the percentage per predikat and, per jenjang, the yearly coefficient and
    the cumulative credit a rank and a level need. A conversion stores the version it used,
    so a new version never changes a past figure's meaning."""

    versi = models.PositiveSmallIntegerField(_("version"), unique=True)
    berlaku_mulai = models.DateField(_("effective from"), unique=True, error_messages={
        "unique": _("A version already takes effect on this date.")})
    sumber = models.CharField(_("legal basis"), max_length=300)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("angka kredit rule")
        ordering = ["-berlaku_mulai"]

    def __str__(self):
        return f"v{self.versi} ({self.berlaku_mulai})"


class PersenPredikat(models.Model):
    aturan = models.ForeignKey(AturanAngkaKredit, on_delete=models.CASCADE,
                               related_name="persen_set")
    predikat = models.CharField(max_length=16, choices=Predikat.choices)
    persen = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)
    sumber = models.CharField(_("source"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["aturan", "predikat"], name="persenpredikat_unik"),
            models.CheckConstraint(condition=models.Q(persen__gte=0, persen__lte=300),
                                   name="persenpredikat_0_300"),
        ]

    def __str__(self):
        return f"{self.predikat}: {self.persen}%"


class KoefisienJenjang(models.Model):
    aturan = models.ForeignKey(AturanAngkaKredit, on_delete=models.CASCADE,
                               related_name="koefisien_set")
    jenjang = models.CharField(max_length=20, choices=Jabatan.Jenjang.choices)
    koefisien = models.DecimalField(_("coefficient per year"), max_digits=6, decimal_places=3)
    kebutuhan_pangkat = models.DecimalField(_("credit for the next rank"), max_digits=7,
                                            decimal_places=3)
    # None: the top of its ladder (Ahli Utama, Penyelia) has no next level.
    kebutuhan_jenjang = models.DecimalField(_("credit for the next level"), max_digits=7,
                                            decimal_places=3, null=True, blank=True)
    sumber = models.CharField(_("source"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["aturan", "jenjang"], name="koefisienjenjang_unik"),
            models.CheckConstraint(condition=models.Q(koefisien__gt=0, kebutuhan_pangkat__gt=0),
                                   name="koefisienjenjang_positif"),
        ]

    def __str__(self):
        return f"{self.jenjang}: {self.koefisien}"


class PakAwal(models.Model):
    """A person's angka kredit as BKD set it in a decree (the PAK konversi/integrasi of the
    change to PermenPANRB 1/2023, or a later PAK after a promotion): the balance as of a
    date, from which the conversions of the months after it add up."""

    class Jenis(models.TextChoices):
        KONVERSI = "konversi", _("Conversion")
        INTEGRASI = "integrasi", _("Integration")
        PENETAPAN = "penetapan", _("Determination")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="pak_awal")
    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    per_tanggal = models.DateField(_("balance as of"))
    nilai = models.DecimalField(_("angka kredit"), max_digits=8, decimal_places=3)
    jenjang = models.CharField(_("level"), max_length=20, choices=Jabatan.Jenjang.choices)
    nomor_sk = models.CharField(_("decree number"), max_length=100)
    tanggal_sk = models.DateField(_("decree date"))
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("starting angka kredit")
        ordering = ["pegawai", "-per_tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "nomor_sk"], name="pakawal_unik",
                                    violation_error_message=_(
                                        "This person already has a PAK with this number.")),
            models.CheckConstraint(condition=models.Q(nilai__gte=0), name="pakawal_nilai_0"),
        ]

    def __str__(self):
        return f"{self.pegawai_id}: {self.nilai} ({self.per_tanggal})"


class AngkaKredit(models.Model):
    """The angka kredit converted from one final evaluation's predikat for the months of its
    year held in one functional position: percentage(predikat) x coefficient(jenjang) x
    months / 12, with every input kept. From a periodic evaluation (`sementara`) until the
    year's evaluation is final, which then replaces them."""

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="angka_kredit")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    evaluasi = models.ForeignKey("Evaluasi", on_delete=models.CASCADE, related_name="+")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="+")
    jenjang = models.CharField(max_length=20, choices=Jabatan.Jenjang.choices)
    predikat = models.CharField(max_length=16, choices=Predikat.choices)
    persen = models.DecimalField(max_digits=5, decimal_places=2)
    koefisien = models.DecimalField(max_digits=6, decimal_places=3)
    bulan = models.PositiveSmallIntegerField()
    bulan_awal = models.PositiveSmallIntegerField(default=1)  # the first and last month held
    bulan_akhir = models.PositiveSmallIntegerField(default=12)
    nilai = models.DecimalField(max_digits=8, decimal_places=3)
    sementara = models.BooleanField(default=False)
    aturan = models.ForeignKey(AturanAngkaKredit, on_delete=models.PROTECT, related_name="+")
    dihitung = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tahun__tahun", "evaluasi__nomor", "jabatan_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluasi", "jabatan"], name="angkakredit_unik"),
            models.CheckConstraint(condition=models.Q(bulan__gte=1, bulan__lte=12),
                                   name="angkakredit_bulan_1_12"),
        ]
        indexes = [models.Index(fields=["pegawai", "tahun"])]

    def __str__(self):
        return f"{self.pegawai_id}@{self.tahun_id}: {self.nilai}"


class SyaratJenjang(models.Model):
    """What BKD records for a person's move up a level beyond the credit: a vacancy in the
    higher level (formasi) and a passed competency test (uji kompetensi)."""

    pegawai = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="syarat_jenjang")
    formasi = models.DateField(_("vacancy available since"), null=True, blank=True)
    formasi_keterangan = models.CharField(_("vacancy: note"), max_length=200, blank=True)
    ukom = models.DateField(_("competency test passed on"), null=True, blank=True)
    ukom_keterangan = models.CharField(_("competency test: note"), max_length=200,
                                       blank=True)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.PROTECT, related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.pegawai_id}: formasi {self.formasi}, ukom {self.ukom}"


class KirimAngkaKredit(KirimanSiasn):
    """A year's angka kredit on its way to SIASN (`/angkakredit/save`) under the PAK the
    Admin BKD issued for it: one record per person and year, so a later PAK updates it."""

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    nomor_sk = models.CharField(max_length=100)
    tanggal_sk = models.DateField()

    class Meta(KirimanSiasn.Meta):
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"],
                                               name="kirimangkakredit_unik")]

    def __str__(self):
        return f"{self.pegawai_id}@{self.tahun_id}: {self.status}"


# --- dialog kinerja (penilaian.dialog) ---------------------------------------------------------


class Dialog(models.Model):
    """A performance dialogue (check-in) between an atasan and an employee (PermenPANRB
    6/2022: pemantauan, klarifikasi ekspektasi, pembimbingan), planned or held ad hoc, with
    the notes of both; private to the two (and the atasan's atasan when either shares it),
    closed when both have acknowledged it."""

    class Jenis(models.TextChoices):
        KLARIFIKASI = "klarifikasi", _("Clarifying expectations")
        COACHING = "coaching", _("Coaching")
        MENTORING = "mentoring", _("Mentoring")
        KONSELING = "konseling", _("Counseling")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="dialog_set")
    atasan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    tanggal = models.DateField(_("date"))
    jenis = models.CharField(_("kind"), max_length=12, choices=Jenis.choices)
    direncanakan = models.BooleanField(_("planned ahead"), default=True)
    topik = models.CharField(_("topic"), max_length=300, blank=True)
    catatan_atasan = models.TextField(_("notes of the supervisor"), max_length=5000,
                                      blank=True)
    catatan_pegawai = models.TextField(_("notes of the employee"), max_length=5000,
                                       blank=True)
    dibagikan = models.BooleanField(_("shared with the supervisor's supervisor"),
                                    default=False)
    diakui_atasan = models.DateTimeField(null=True, blank=True)
    diakui_pegawai = models.DateTimeField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("performance dialogue")
        ordering = ["-tanggal", "-pk"]
        indexes = [models.Index(fields=["pegawai", "tanggal"]),
                   models.Index(fields=["atasan", "tanggal"])]
        constraints = [models.CheckConstraint(condition=~models.Q(pegawai=models.F("atasan")),
                                              name="dialog_dua_orang")]

    def __str__(self):
        return f"{self.pegawai_id}/{self.atasan_id} {self.tanggal}"

    @property
    def triwulan(self):
        return (self.tanggal.month - 1) // 3 + 1

    @property
    def selesai(self):
        return self.diakui_atasan is not None and self.diakui_pegawai is not None


class AksiDialog(models.Model):
    """An action agreed in a dialogue, with its owner (one of the two) and due date; it is
    carried to the next dialogues of the pair until it is closed in one of them."""

    dialog = models.ForeignKey(Dialog, on_delete=models.CASCADE, related_name="aksi_set")
    uraian = models.CharField(_("agreed action"), max_length=300)
    pemilik = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                                on_delete=models.PROTECT, related_name="+")
    tenggat = models.DateField(_("due"))
    ditutup_di = models.ForeignKey(Dialog, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="aksi_ditutup")
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    catatan_tutup = models.CharField(_("how it ended"), max_length=300, blank=True)

    class Meta:
        ordering = ["tenggat", "pk"]

    def __str__(self):
        return self.uraian


# --- calibration of the unit's annual predikat (penilaian.kalibrasi) ------------------------


class SesiKalibrasi(models.Model):
    """A calibration session of a unit's annual predikat before they stand: the facilitator
    (BKD or the unit's head) changes a proposed predikat only with a reason; it closes
    with the staff distribution inside the curve or a recorded justification, then locks.
    While it is open, the unit's people cannot appeal their year's predikat yet; once it
    locks, the time to appeal runs from then."""

    class Status(models.TextChoices):
        BUKA = "buka", _("Open")
        TERKUNCI = "terkunci", _("Closed and locked")

    unit = models.ForeignKey("ekinerja.UnitKerja", on_delete=models.PROTECT, related_name="+")
    tahun = models.ForeignKey(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUKA)
    dibuka_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    dibuka_pada = models.DateTimeField(auto_now_add=True)
    ditutup_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    alasan_di_luar_kurva = models.TextField(_("justification outside the curve"), blank=True)
    sebaran = models.JSONField(default=dict)  # the staff predikat when it locked

    class Meta:
        verbose_name = _("calibration session")
        constraints = [models.UniqueConstraint(fields=["unit", "tahun"],
                                               name="sesikalibrasi_unik")]

    def __str__(self):
        return f"{self.unit_id}@{self.tahun_id}: {self.status}"


class KalibrasiBaris(models.Model):
    """One person's annual predikat in a session: the evaluator's proposal, the preview of
    the evaluator's own atasan (agree or not, with a reason), and the facilitator's change
    with its reason."""

    class Pratinjau(models.TextChoices):
        SETUJU = "setuju", _("Agree")
        TIDAK = "tidak", _("Disagree")

    sesi = models.ForeignKey(SesiKalibrasi, on_delete=models.CASCADE, related_name="baris_set")
    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.PROTECT, related_name="+")
    predikat_usul = models.CharField(max_length=16, choices=Predikat.choices)
    predikat_akhir = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    alasan = models.TextField(_("reason for the change"), max_length=2000, blank=True)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    diubah_pada = models.DateTimeField(null=True, blank=True)
    pratinjau = models.CharField(max_length=8, choices=Pratinjau.choices, blank=True)
    pratinjau_alasan = models.TextField(_("reason"), max_length=2000, blank=True)
    pratinjau_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    pratinjau_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sesi", "evaluasi"],
                                               name="kalibrasibaris_unik")]

    def __str__(self):
        return f"{self.sesi_id}:{self.evaluasi_id}"


# --- 360 feedback on BerAKHLAK (penilaian.umpan_balik) ---------------------------------------


class Putaran360(models.Model):
    """A year's 360 feedback round, when BKD turns it on: up to `maks_penilai` peers and
    subordinates per person rate the 7 BerAKHLAK values until `batas`."""

    tahun = models.OneToOneField(TahunKinerja, on_delete=models.PROTECT, related_name="+")
    aktif = models.BooleanField(_("360 feedback this year"), default=False)
    maks_penilai = models.PositiveSmallIntegerField(
        _("raters per person at most"), default=5,
        validators=[MinValueValidator(3), MaxValueValidator(15)])
    batas = models.DateField(_("answers until"))
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("360 feedback round")

    def __str__(self):
        return f"360 {self.tahun_id}: {self.aktif}"


class Penilai360(models.Model):
    """A peer or subordinate asked to give a person 360 feedback."""

    class Hubungan(models.TextChoices):
        REKAN = "rekan", _("Peer")
        BAWAHAN = "bawahan", _("Subordinate")

    putaran = models.ForeignKey(Putaran360, on_delete=models.CASCADE, related_name="penilai")
    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    penilai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    hubungan = models.CharField(max_length=8, choices=Hubungan.choices)
    dinominasikan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                           related_name="+")
    dijawab_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pegawai", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["putaran", "pegawai", "penilai"],
                                    name="penilai360_unik"),
            models.CheckConstraint(condition=~models.Q(pegawai=models.F("penilai")),
                                   name="penilai360_bukan_diri"),
        ]
        indexes = [models.Index(fields=["penilai", "dijawab_pada"])]

    def __str__(self):
        return f"{self.penilai_id} -> {self.pegawai_id}"


class Jawaban360(models.Model):
    """One rater's 1-5 rating of one BerAKHLAK value, with a short comment."""

    penilai360 = models.ForeignKey(Penilai360, on_delete=models.CASCADE,
                                   related_name="jawaban")
    nilai = models.PositiveSmallIntegerField()  # 1..7, kinerja.berakhlak
    skor = models.PositiveSmallIntegerField(validators=[MinValueValidator(1),
                                                        MaxValueValidator(5)])
    komentar = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["nilai"]
        constraints = [
            models.UniqueConstraint(fields=["penilai360", "nilai"], name="jawaban360_unik"),
            models.CheckConstraint(condition=models.Q(skor__gte=1, skor__lte=5),
                                   name="jawaban360_skor_1_5"),
        ]

    def __str__(self):
        return f"{self.penilai360_id}:{self.nilai}={self.skor}"


# --- TPP (tambahan penghasilan pegawai; penilaian.tpp) ---------------------------------------


class KebijakanTpp(models.Model):
    """The head of region's TPP rule (Perkada) from a date on, as BKD's data: the split
    between performance and discipline, the working hours attendance is held to, the
    deductions for absence without reason, late arrival and early leave, the share CPNS
    get, and the gates that stop payment. A month's TPP stores the version it used."""

    versi = models.PositiveSmallIntegerField(_("version"), unique=True)
    berlaku_mulai = models.DateField(_("effective from"), unique=True)
    sumber = models.CharField(_("legal basis"), max_length=300)
    bobot_kinerja = models.DecimalField(_("performance share (%)"), max_digits=5,
                                        decimal_places=2)
    bobot_disiplin = models.DecimalField(_("discipline share (%)"), max_digits=5,
                                         decimal_places=2)
    jam_masuk = models.TimeField(_("check-in by"))
    jam_pulang = models.TimeField(_("check-out from"))
    persen_tk_hari = models.DecimalField(_("discipline cut per day absent without reason (%)"),
                                         max_digits=5, decimal_places=2)
    tk_hari_potong_50 = models.PositiveSmallIntegerField(
        _("days absent without reason that halve the whole TPP"))
    tk_hari_hapus = models.PositiveSmallIntegerField(
        _("days absent without reason that remove the whole TPP"))
    persen_cpns = models.DecimalField(_("share a CPNS gets (%)"), max_digits=5,
                                      decimal_places=2)
    gerbang_skp = models.BooleanField(_("nothing while the year's SKP is not approved"),
                                      default=True)
    gerbang_evaluasi = models.BooleanField(
        _("nothing while last year's evaluation is not final"), default=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("TPP rule")
        ordering = ["-berlaku_mulai"]
        constraints = [models.CheckConstraint(
            condition=models.Q(bobot_kinerja__gte=0, bobot_disiplin__gte=0),
            name="kebijakantpp_bobot")]

    def __str__(self):
        return f"TPP v{self.versi} ({self.berlaku_mulai})"


class BasisTpp(models.Model):
    """The monthly TPP base of a position class under a rule (rupiah)."""

    kebijakan = models.ForeignKey(KebijakanTpp, on_delete=models.CASCADE,
                                  related_name="basis_set")
    kelas_jabatan = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(17)])
    jumlah = models.PositiveIntegerField(_("amount (Rp)"))

    class Meta:
        ordering = ["kelas_jabatan"]
        constraints = [models.UniqueConstraint(fields=["kebijakan", "kelas_jabatan"],
                                               name="basistpp_unik")]

    def __str__(self):
        return f"{self.kelas_jabatan}: {self.jumlah}"


class PotonganTpp(models.Model):
    """A band of the cut for arriving late (TL) or leaving early (PSW): a day `dari` to
    `sampai` minutes off (no upper end: and more) cuts `persen` of the discipline share.
    A missing check-in or check-out counts as the last band."""

    class Jenis(models.TextChoices):
        TERLAMBAT = "tl", _("Late arrival")
        PULANG_CEPAT = "psw", _("Early leave")

    kebijakan = models.ForeignKey(KebijakanTpp, on_delete=models.CASCADE,
                                  related_name="potongan_set")
    jenis = models.CharField(max_length=3, choices=Jenis.choices)
    dari_menit = models.PositiveSmallIntegerField()
    sampai_menit = models.PositiveSmallIntegerField(null=True, blank=True)
    persen = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["jenis", "dari_menit"]

    def __str__(self):
        return f"{self.jenis} {self.dari_menit}-{self.sampai_menit}: {self.persen}%"


class Tpp(models.Model):
    """A person's TPP for a monthly period as computed under a rule version, with every
    input kept for the explanation; frozen when the period closes."""

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="tpp")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    kebijakan = models.ForeignKey(KebijakanTpp, on_delete=models.PROTECT, related_name="+")
    kelas_jabatan = models.PositiveSmallIntegerField(null=True)
    basis = models.PositiveIntegerField(default=0)
    faktor = models.DecimalField(max_digits=5, decimal_places=2)  # 100, or a CPNS's share
    kinerja_persen = models.DecimalField(max_digits=6, decimal_places=2)
    nilai_kinerja = models.PositiveIntegerField(default=0)
    potongan_persen = models.DecimalField(max_digits=6, decimal_places=2)
    nilai_disiplin = models.PositiveIntegerField(default=0)
    hari_tk = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    rincian = models.JSONField(default=list)  # [date, kind, minutes, percent] per deduction
    gerbang = models.JSONField(default=list)  # the reasons nothing is paid
    final = models.BooleanField(default=False)
    dihitung = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("TPP")
        ordering = ["periode", "pegawai"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "periode"],
                                               name="tpp_unik")]

    def __str__(self):
        return f"{self.pegawai_id}@{self.periode_id}: {self.total}"
