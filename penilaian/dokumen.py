"""The appraisal's official PDFs: the Dokumen Evaluasi Kinerja Pegawai (identity of the
employee and the evaluator as they were, the result and behaviour ratings with feedback,
the predikat, the appeal's decision if any, and both signatures) and the Penetapan Angka
Kredit the Admin BKD issues."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import cm

from ekinerja.dokumen import angka, dokumen_terbitkan, identitas, styles, tabel, tanda_tangan, teks
from ekinerja.models import Dokumen, Jabatan, Pegawai
from kinerja.berakhlak import BERAKHLAK

from .angka_kredit import kelayakan
from .models import Keberatan
from .selectors import angka_kredit_rincian
from .siasn import angka_kredit_kirim_antre


def evaluasi_pdf(*, evaluasi, actor, situs):
    """Issue the evaluation's PDF (a final one, or later). Returns (Dokumen, bytes)."""
    s = styles()
    p = evaluasi.pegawai
    keberatan = Keberatan.objects.filter(evaluasi=evaluasi).first()
    data = {
        "label": str(evaluasi.label), "status": evaluasi.status,
        "skor": str(evaluasi.skor_hasil), "hasil": evaluasi.rating_hasil,
        "perilaku": evaluasi.rating_perilaku, "predikat": evaluasi.predikat,
        "penilai": evaluasi.penilai_nip,
        "rhk": [[r.rhk.uraian, r.umpan_balik] for r in evaluasi.rhk_set.all()],
        "berakhlak": [[b.nilai, b.rating, b.umpan_balik] for b in evaluasi.perilaku_set.all()],
        "keberatan": [keberatan.status, keberatan.alasan_keputusan] if keberatan else None,
    }
    isi = [identitas(
        ("PEGAWAI YANG DINILAI", [("Nama", p.nama_lengkap), ("NIP", p.nip),
                                  ("Jabatan", evaluasi.pegawai_jabatan or "-"),
                                  ("Unit kerja", evaluasi.pegawai_unit or "-")]),
        ("PEJABAT PENILAI KINERJA", [("Nama", evaluasi.penilai_nama or "-"),
                                     ("NIP", evaluasi.penilai_nip or "-"),
                                     ("Jabatan", evaluasi.penilai_jabatan or "-"),
                                     ("Unit kerja", evaluasi.penilai_unit or "-")]))]
    isi.append(teks("HASIL KERJA", s["h"]))
    rows = [["No", "Rencana hasil kerja", "Umpan balik"]]
    rows += [[str(n), uraian, umpan or "-"] for n, (uraian, umpan) in
             enumerate(data["rhk"], start=1)]
    isi.append(tabel(rows, [1 * cm, 8.6 * cm, 7.6 * cm]))
    isi.append(tabel([["Capaian hasil kerja (skor)", angka(evaluasi.skor_hasil)],
                      ["Rating hasil kerja", evaluasi.get_rating_hasil_display() or "-"]],
                     [8 * cm, 9.2 * cm], header=False))
    isi.append(teks("PERILAKU KERJA (BerAKHLAK)", s["h"]))
    rows = [["No", "Nilai", "Rating", "Umpan balik"]]
    for b in evaluasi.perilaku_set.all():
        rows.append([str(b.nilai), BERAKHLAK[b.nilai][0], b.get_rating_display() or "-",
                     b.umpan_balik or "-"])
    isi.append(tabel(rows, [1 * cm, 4.5 * cm, 3.5 * cm, 8.2 * cm]))
    isi.append(tabel([["Rating perilaku kerja", evaluasi.get_rating_perilaku_display() or "-"],
                      ["PREDIKAT KINERJA PEGAWAI", evaluasi.get_predikat_display() or "-"]],
                     [8 * cm, 9.2 * cm], header=False))
    if keberatan is not None:
        isi.append(teks("KEBERATAN", s["h"]))
        isi.append(tabel([["Alasan keberatan", keberatan.alasan],
                          ["Keputusan", keberatan.get_status_display()],
                          ["Alasan keputusan", keberatan.alasan_keputusan or "-"]],
                         [5 * cm, 12.2 * cm], header=False))
    day = timezone.localtime(evaluasi.difinalkan_pada).date() if evaluasi.difinalkan_pada \
        else timezone.localdate()
    isi.append(tanda_tangan(("Pegawai yang Dinilai", p.nama_lengkap, p.nip),
                            ("Pejabat Penilai Kinerja", evaluasi.penilai_nama or "-",
                             evaluasi.penilai_nip or "-"), day))
    return dokumen_terbitkan(
        jenis=Dokumen.Jenis.EVALUASI, pegawai=p, objek=f"penilaian.evaluasi:{evaluasi.pk}",
        actor=actor, judul="DOKUMEN EVALUASI KINERJA PEGAWAI",
        sub=f"{'Tahunan' if not evaluasi.periode_id else 'Periodik'}: {evaluasi.label}",
        data=data, isi=isi, situs=situs)


def penandatangan_pak(actor):
    """Who signs a PAK: the person settings.PAK_PENANDATANGAN_NIP names, else the head of
    the issuing admin's OPD (the Kepala BKD for the Admin BKD)."""
    if settings.PAK_PENANDATANGAN_NIP:
        signer = Pegawai.objects.filter(nip=settings.PAK_PENANDATANGAN_NIP, aktif=True).first()
    else:
        opd = actor.unit.path.strip("/").split("/")[1:2] if actor.unit_id else []
        signer = Pegawai.objects.filter(
            aktif=True, jabatan__unit_id__in=opd, jabatan__kepala_unit=True,
            jabatan__aktif=True).select_related("jabatan").first()
    if signer is None:
        raise ValidationError(_("No official to sign the PAK: fill the head post of your OPD "
                                "or set PAK_PENANDATANGAN_NIP."))
    return signer


@transaction.atomic
def pak_terbitkan(*, pegawai, nomor, actor, situs):
    """The Admin BKD issues a person's PAK under a decree number: the PDF, and (while SIASN
    is configured) each year it sets queued for SIASN under that number. Returns
    (Dokumen, bytes)."""
    k = kelayakan(pegawai)
    if not k.fungsional:
        raise ValidationError(_("Only a person in a functional post has a PAK."))
    nomor = " ".join(nomor.split())
    if not nomor:
        raise ValidationError(_("Give the PAK's number."))
    rincian = [r for r in angka_kredit_rincian(pegawai) if not r.sementara]
    dokumen, pdf = pak_pdf(kelayakan=k, rincian=rincian, nomor=nomor, actor=actor, situs=situs)
    angka_kredit_kirim_antre(pegawai=pegawai, nomor=nomor,
                             tanggal=timezone.localdate(dokumen.dibuat))
    return dokumen, pdf


def pak_pdf(*, kelayakan, rincian, nomor, actor, situs):
    """A person's Penetapan Angka Kredit: the starting PAK, each year's final conversion
    with its inputs (a periodic, provisional one is not decreed), the cumulative total and
    what the next rank and level need. Returns (Dokumen, bytes)."""
    s = styles()
    k, p = kelayakan, kelayakan.pegawai
    total = (k.pak.nilai if k.pak else Decimal("0")) + sum((r.nilai for r in rincian),
                                                           Decimal("0"))
    kurang_pangkat = max(k.kebutuhan_pangkat - total, Decimal("0"))
    signer = penandatangan_pak(actor)
    jenjang = Jabatan.Jenjang(k.jenjang).label if k.jenjang else "-"
    data = {
        "nomor": nomor,
        "pegawai": [p.nip, p.nama_lengkap, p.golongan, p.jabatan.nama if p.jabatan_id else "",
                    k.jenjang],
        "pak": [k.pak.nomor_sk, str(k.pak.per_tanggal), str(k.pak.nilai)] if k.pak else None,
        "konversi": [[r.tahun.tahun, r.jenjang, r.predikat, str(r.persen), str(r.koefisien),
                      r.bulan, str(r.nilai), r.aturan.versi] for r in rincian],
        "total": str(total), "penandatangan": signer.nip,
    }
    isi = [teks(f"Nomor: {nomor}", s["sub"]),
           teks("I. KETERANGAN PERORANGAN", s["h"]),
           tabel([["Nama", p.nama_lengkap], ["NIP", p.nip], ["Pangkat/golongan", p.golongan],
                  ["Jabatan", p.jabatan.nama if p.jabatan_id else "-"], ["Jenjang", jenjang],
                  ["Unit kerja", p.unit.nama if p.unit_id else "-"]],
                 [5 * cm, 12.2 * cm], header=False),
           teks("II. PENETAPAN ANGKA KREDIT", s["h"])]
    rows = [["No", "Dasar", "Predikat", "Persentase", "Koefisien", "Bulan", "Angka kredit"]]
    if k.pak:
        rows.append(["1", f"PAK {k.pak.get_jenis_display().lower()} {k.pak.nomor_sk} "
                          f"(per {formats.date_format(k.pak.per_tanggal, 'j F Y')})",
                     "-", "-", "-", "-", angka(k.pak.nilai, 3)])
    for r in rincian:
        rows.append([str(len(rows)), f"Evaluasi kinerja tahunan {r.tahun.tahun}, "
                                     f"{Jabatan.Jenjang(r.jenjang).label}",
                     r.get_predikat_display(), f"{angka(r.persen)}%", angka(r.koefisien, 3),
                     str(r.bulan), angka(r.nilai, 3)])
    rows.append(["", "JUMLAH ANGKA KREDIT KUMULATIF", "", "", "", "", angka(total, 3)])
    isi.append(tabel(rows, [0.8 * cm, 6.6 * cm, 2.4 * cm, 2 * cm, 1.8 * cm, 1.2 * cm,
                            2.4 * cm]))
    isi.append(teks("III. KEBUTUHAN ANGKA KREDIT", s["h"]))
    need = [["Kenaikan pangkat", angka(k.kebutuhan_pangkat, 3), angka(kurang_pangkat, 3)]]
    if k.kebutuhan_jenjang is not None:
        need.append(["Kenaikan jenjang", angka(k.kebutuhan_jenjang, 3),
                     angka(max(k.kebutuhan_jenjang - total, Decimal("0")), 3)])
    isi.append(tabel([["Untuk", "Angka kredit kumulatif minimal", "Kekurangan"], *need],
                     [5 * cm, 6.2 * cm, 6 * cm]))
    isi.append(teks("Sumber koefisien dan persentase: " + ", ".join(sorted(
        {f"versi {r.aturan.versi} ({r.aturan.sumber})" for r in rincian})) if rincian else
        "Belum ada konversi tahunan sejak PAK awal.", s["kecil"]))
    isi.append(tanda_tangan(None, (signer.jabatan.nama if signer.jabatan_id else "-",
                                   signer.nama_lengkap, signer.nip), timezone.localdate()))
    return dokumen_terbitkan(
        jenis=Dokumen.Jenis.PAK, pegawai=p, objek=f"penilaian.pak:{p.pk}", actor=actor,
        judul="PENETAPAN ANGKA KREDIT", sub=f"{p.nama_lengkap} ({p.nip})", data=data,
        isi=isi, situs=situs)
