"""The SKP as an official PDF (layout of PermenPANRB 6/2022's SKP form): identity of the
employee and the evaluator, the RHK with their IKI and targets, the BerAKHLAK behaviour
expectations, the attachments, and both signatures."""

from django.utils import timezone
from reportlab.lib.units import cm

from ekinerja.dokumen import angka, dokumen_terbitkan, identitas, styles, tabel, tanda_tangan, teks
from ekinerja.golongan import label as golongan_label
from ekinerja.models import Dokumen, Pegawai

from .berakhlak import BERAKHLAK
from .services import skp_content


def skp_pdf(*, skp, actor, situs):
    """Issue the SKP's PDF. Returns (Dokumen, bytes)."""
    data = skp_content(skp)
    data.update(status=skp.status, versi=skp.versi, atasan=skp.atasan_nip)
    s = styles()
    p = skp.pegawai
    pegawai_rows = [("Nama", p.nama_lengkap), ("NIP", p.nip),
                    ("Pangkat/Gol.", golongan_label(p.golongan)), ("Jabatan", data["jabatan"]),
                    ("Unit kerja", data["unit"])]
    # The evaluator's rank is not part of the SKP's snapshot: their current one.
    atasan = Pegawai.objects.filter(nip=skp.atasan_nip).only("golongan").first() \
        if skp.atasan_nip else None
    atasan_rows = [("Nama", skp.atasan_nama or "-"), ("NIP", skp.atasan_nip or "-"),
                   ("Pangkat/Gol.", golongan_label(atasan.golongan) if atasan else "-"),
                   ("Jabatan", skp.atasan_jabatan or "-"),
                   ("Unit kerja", skp.atasan_unit or "-")]
    isi = [identitas(("PEGAWAI YANG DINILAI", pegawai_rows),
                     ("PEJABAT PENILAI KINERJA", atasan_rows)),
           teks("HASIL KERJA", s["h"])]
    rows = [["No", "Rencana hasil kerja", "Indikator kinerja individu", "Target"]]
    for n, rhk in enumerate(data["rhk"], start=1):
        jenis = "Utama" if rhk["jenis"] == "utama" else "Tambahan"
        indicators = "\n".join(f"{i['nama']} ({i['aspek']})" for i in rhk["iki"]) or "-"
        targets = "\n".join(
            f"{angka(i['target'])}{'-' + angka(i['target_atas']) if i['target_atas'] else ''}"
            f" {i['satuan']}" for i in rhk["iki"]) or "-"
        rows.append([str(n), f"{jenis}: {rhk['uraian']}", indicators, targets])
    isi.append(tabel(rows, [1 * cm, 6.2 * cm, 6.5 * cm, 3.5 * cm]))
    isi.append(teks("PERILAKU KERJA (BerAKHLAK)", s["h"]))
    rows = [["No", "Nilai dan perilaku", "Ekspektasi khusus pimpinan"]]
    for nilai, (nama, perilaku) in BERAKHLAK.items():
        rows.append([str(nilai), f"{nama}: " + "; ".join(perilaku),
                     data["perilaku"].get(str(nilai)) or "-"])
    isi.append(tabel(rows, [1 * cm, 10.2 * cm, 6 * cm]))
    lampiran = data["lampiran"]
    isi.append(teks("LAMPIRAN", s["h"]))
    isi.append(tabel([["Dukungan sumber daya", lampiran["dukungan_sumber_daya"] or "-"],
                      ["Skema pertanggungjawaban", lampiran["skema_pertanggungjawaban"]
                       or "-"],
                      ["Konsekuensi", lampiran["konsekuensi"] or "-"]],
                     [5 * cm, 12.2 * cm], header=False))
    day = timezone.localtime(skp.disetujui_pada).date() if skp.disetujui_pada else \
        timezone.localdate()
    isi.append(tanda_tangan(("Pegawai yang Dinilai", p.nama_lengkap, p.nip),
                            ("Pejabat Penilai Kinerja", skp.atasan_nama or "-",
                             skp.atasan_nip or "-"), day))
    status = "" if skp.status == "disetujui" else f" ({skp.get_status_display()})"
    return dokumen_terbitkan(
        jenis=Dokumen.Jenis.SKP, pegawai=p, objek=f"kinerja.skp:{skp.pk}", actor=actor,
        judul=f"SASARAN KINERJA PEGAWAI {skp.tahun.tahun}",
        sub=f"Versi {skp.versi}{status} · {skp.get_pendekatan_display()}", data=data, isi=isi,
        situs=situs)


def laporan_bulanan_pdf(*, pegawai, year, month, actor, situs):
    """A person's activities of one month, day by day, with the approved minutes, signed
    by the person and their atasan. Returns (Dokumen, bytes)."""
    import calendar
    import datetime as dt

    from ekinerja.selectors import atasan_for

    from .models import Aktivitas

    s = styles()
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    rows = list(Aktivitas.objects.filter(pegawai=pegawai, tanggal__range=(first, last))
                .exclude(status=Aktivitas.Status.DRAFT).order_by("tanggal", "mulai")
                .values_list("tanggal", "mulai", "selesai", "uraian", "menit", "status"))
    labels = dict(Aktivitas.Status.choices)
    approved = sum(r[4] for r in rows if r[5] == Aktivitas.Status.DISETUJUI)
    atasan = atasan_for(pegawai)
    data = {"rows": rows, "disetujui": approved, "atasan": atasan.nip if atasan else None}
    isi = [identitas(
        ("PEGAWAI", [("Nama", pegawai.nama_lengkap), ("NIP", pegawai.nip),
                     ("Jabatan", pegawai.jabatan.nama if pegawai.jabatan_id else "-")]),
        ("ATASAN LANGSUNG", [("Nama", atasan.nama_lengkap if atasan else "-"),
                             ("NIP", atasan.nip if atasan else "-"),
                             ("Jabatan", atasan.jabatan.nama if atasan and atasan.jabatan_id
                              else "-")]))]
    isi.append(teks("AKTIVITAS", s["h"]))
    table = [["Tanggal", "Waktu", "Uraian", "Menit", "Status"]]
    table += [[f"{d:%d-%m-%Y}", f"{a:%H:%M}-{b:%H:%M}", uraian, str(menit),
               str(labels[status])] for d, a, b, uraian, menit, status in rows]
    if len(table) == 1:
        table.append(["-", "-", "Tidak ada aktivitas yang diajukan", "0", "-"])
    isi.append(tabel(table, [2.2 * cm, 2.4 * cm, 8.2 * cm, 1.6 * cm, 2.8 * cm]))
    isi.append(tabel([["Menit kerja disetujui", f"{angka(approved)} menit"]], [8 * cm, 9.2 * cm],
                     header=False))
    isi.append(tanda_tangan(("Pegawai", pegawai.nama_lengkap, pegawai.nip),
                            ("Atasan Langsung", atasan.nama_lengkap if atasan else "-",
                             atasan.nip if atasan else "-"), min(last, timezone.localdate())))
    return dokumen_terbitkan(
        jenis=Dokumen.Jenis.LAPORAN_BULANAN, pegawai=pegawai,
        objek=f"laporan:{pegawai.pk}:{first:%Y-%m}", actor=actor,
        judul="LAPORAN AKTIVITAS BULANAN", sub=f"{first:%m/%Y}", data=data, isi=isi, situs=situs)
