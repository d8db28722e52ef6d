"""Training: the LAN learning paths, the catalogue of learning activities, and each
person's participation records with their certificates and verified JP."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JalurBelajar(models.Model):
    """A learning path of Peraturan LAN 10/2018 (KL: classical, NKL: non-classical);
    reference data seeded by migration, editable by BKD."""

    kode = models.CharField(_("code"), max_length=6, unique=True)
    nama = models.CharField(_("name"), max_length=100)
    klasikal = models.BooleanField(_("classical"))
    aktif = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("learning path")
        ordering = ["-klasikal", "kode"]

    def __str__(self):
        return f"{self.kode} {self.nama}"


class KegiatanBelajar(models.Model):
    """A learning activity in the catalogue. BKD adds them; anyone may propose an external
    one, which BKD reviews before it is offered to others."""

    class Moda(models.TextChoices):
        LURING = "luring", _("Offline")
        DARING = "daring", _("Online")
        CAMPURAN = "campuran", _("Blended")

    class Status(models.TextChoices):
        USULAN = "usulan", _("Proposed")
        DISETUJUI = "disetujui", _("In the catalogue")
        DITOLAK = "ditolak", _("Not accepted")

    nama = models.CharField(_("name"), max_length=300)
    jalur = models.ForeignKey(JalurBelajar, verbose_name=_("learning path"),
                              on_delete=models.PROTECT)
    penyelenggara = models.CharField(_("organiser"), max_length=200)
    moda = models.CharField(_("mode"), max_length=10, choices=Moda.choices)
    mulai = models.DateField(_("start"))
    selesai = models.DateField(_("end"))
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1)])
    kompetensi = models.CharField(_("competency tags"), max_length=300, blank=True,
                                  help_text=_("comma-separated, e.g. pelayanan publik, "
                                              "analisis data"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.USULAN)
    catatan_tinjauan = models.TextField(_("reviewer's note"), blank=True)
    ditinjau_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning activity")
        ordering = ["-mulai", "nama"]
        constraints = [models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")),
                                              name="kegiatan_selesai_setelah_mulai")]

    def __str__(self):
        return f"{self.nama} ({self.mulai:%d-%m-%Y})"


def _sertifikat_path(instance, filename):
    # The stored name is ours: the user's file name is kept only as a label.
    return f"sertifikat/{instance.selesai:%Y}/{uuid.uuid4().hex}"


class Partisipasi(models.Model):
    """A person's completed training: from the catalogue or described here, with the JP
    claimed and, once verified, the JP that counts. Classical paths are verified by an
    admin against the certificate; non-classical ones are confirmed by the atasan."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Awaiting verification")
        TERVERIFIKASI = "terverifikasi", _("Verified")
        DITOLAK = "ditolak", _("Rejected")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="partisipasi_set")
    kegiatan = models.ForeignKey(KegiatanBelajar, verbose_name=_("from the catalogue"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="peserta")
    nama = models.CharField(_("training"), max_length=300)
    jalur = models.ForeignKey(JalurBelajar, verbose_name=_("learning path"),
                              on_delete=models.PROTECT)
    penyelenggara = models.CharField(_("organiser"), max_length=200)
    mulai = models.DateField(_("start"))
    selesai = models.DateField(_("end"))
    jp_klaim = models.PositiveSmallIntegerField(_("JP claimed"))
    jp_diakui = models.PositiveSmallIntegerField(_("JP recognised"), null=True, blank=True)
    nomor_sertifikat = models.CharField(_("certificate number"), max_length=100, blank=True)
    sertifikat = models.FileField(upload_to=_sertifikat_path, blank=True)
    sertifikat_nama = models.CharField(max_length=200, blank=True)
    sertifikat_jenis = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.DIAJUKAN)
    catatan_verifikasi = models.TextField(_("verifier's note"), blank=True)
    diverifikasi_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    sumber = models.CharField(max_length=10, default="pegawai")  # or "impor"
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        ordering = ["-selesai", "-id"]
        indexes = [models.Index(fields=["status", "selesai"], name="partisipasi_status")]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")),
                                   name="partisipasi_selesai_setelah_mulai"),
            # One certificate, one claim (a rejected claim does not block a new one).
            models.UniqueConstraint(fields=["nomor_sertifikat"],
                                    condition=~Q(nomor_sertifikat="") & ~Q(status="ditolak"),
                                    name="partisipasi_sertifikat_unik"),
        ]

    def __str__(self):
        return f"{self.pegawai_id}: {self.nama}"


class RencanaPengembangan(models.Model):
    """A person's development plan for a year (rencana pengembangan kompetensi): goals,
    the competency gap it addresses, and the learning planned. The employee drafts it and
    submits it; the atasan agrees to it or returns it with a note. Changing an agreed plan
    takes it back to a draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DIAJUKAN = "diajukan", _("Awaiting the atasan")
        DISEPAKATI = "disepakati", _("Agreed")

    pegawai = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="rencana_pengembangan")
    tahun = models.PositiveSmallIntegerField(_("year"))
    tujuan = models.TextField(_("development goals"), max_length=2000)
    kesenjangan = models.TextField(_("competency gap addressed"), max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    catatan_atasan = models.TextField(_("atasan's note"), blank=True)
    disepakati_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    disepakati_pada = models.DateTimeField(null=True, blank=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"],
                                               name="rencana_satu_per_tahun")]

    def __str__(self):
        return f"{self.pegawai_id}/{self.tahun}"


class RencanaKegiatan(models.Model):
    """A learning activity planned in a development plan: from the catalogue or described,
    in a quarter of the year."""

    rencana = models.ForeignKey(RencanaPengembangan, on_delete=models.CASCADE,
                                related_name="kegiatan_set")
    kegiatan = models.ForeignKey(KegiatanBelajar, verbose_name=_("from the catalogue"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    nama = models.CharField(_("learning activity"), max_length=300)
    jalur = models.ForeignKey(JalurBelajar, verbose_name=_("learning path"),
                              on_delete=models.PROTECT)
    jp = models.PositiveSmallIntegerField(_("planned JP"), validators=[MinValueValidator(1)])
    triwulan = models.PositiveSmallIntegerField(_("quarter"), choices=[
        (1, "I"), (2, "II"), (3, "III"), (4, "IV")])

    class Meta:
        ordering = ["triwulan", "id"]

    def __str__(self):
        return self.nama
