"""The Dokumen Evaluasi Kinerja Pegawai as an official PDF: identity of the employee and
the evaluator as they were, the result and behaviour ratings with feedback, the predikat,
the appeal's decision if any, and both signatures."""

from django.utils import timezone
from reportlab.lib.units import cm

from ekinerja.dokumen import angka, dokumen_terbitkan, identitas, styles, tabel, tanda_tangan, teks
from ekinerja.models import Dokumen
from kinerja.berakhlak import BERAKHLAK

from .models import Keberatan


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
