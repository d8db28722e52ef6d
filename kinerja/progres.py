"""BKN e-Kinerja's Progres Harian (daily progress) in its own shape: the columns of the
form a person fills in BKN's e-Kinerja for each piece of daily work (docs/bkn.md), written
from our activities so nobody types a day twice.

A person's file has one sheet in exactly that shape. A team's has a first sheet listing
the people and one sheet per person (named by NIP) in the same shape, so each can be
brought to BKN as it is. Cells are text (dates YYYY-MM-DD, times HH:MM) and text that looks
like a formula is written as text (ekinerja.ekspor.sel_teks)."""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ekinerja.ekspor import baris_aman

from .models import Aktivitas, BuktiDukung

# The Progres Harian form's fields, in its order (docs/bkn.md says where each comes from).
KOLOM = ["Rencana Aksi", "Tanggal", "Jam Mulai", "Jam Selesai", "Kegiatan Harian",
         "Realisasi", "Satuan", "Bukti Dukung"]
KOLOM_DAFTAR = ["NIP", "Nama", "Jabatan", "Unit", "Jumlah Progres"]
MAKS_HARI = 366  # one request covers at most a year


def rentang_check(start, end):
    """A date range one may export, or ValidationError."""
    if end < start:
        raise ValidationError(_("The end of the range is before its start."))
    if (end - start).days + 1 > MAKS_HARI:
        raise ValidationError(_("The range is longer than %(n)s days; export a year at most.")
                              % {"n": MAKS_HARI})


def _aktivitas(pegawai_ids, start, end):
    """The reported activities (submitted or approved: Aktivitas.DILAPORKAN) of the range,
    with what each row needs, in one query plus one for the evidence."""
    return (Aktivitas.objects
            .filter(pegawai_id__in=pegawai_ids, tanggal__range=(start, end),
                    status__in=Aktivitas.DILAPORKAN)
            .select_related("rencana_aksi", "iki")
            .prefetch_related(Prefetch("bukti", queryset=BuktiDukung.objects.order_by("id")))
            .order_by("pegawai_id", "tanggal", "mulai"))


def realisasi_bulat(output):
    # BKN takes a whole number; 0.5 of a document is written as 1 (half up).
    return int(Decimal(output).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _bukti(aktivitas, situs):
    """The evidence link BKN asks for: the first link given, else the first file's address
    here (it opens after logging in to e-kinerja)."""
    bukti = list(aktivitas.bukti.all())
    for item in bukti:
        if item.tautan:
            return item.tautan
    if bukti:
        return situs + reverse("bukti_lihat", args=[bukti[0].pk])
    return ""


def baris(aktivitas, situs):
    rencana = aktivitas.rencana_aksi
    satuan = (rencana.satuan if rencana else
              aktivitas.iki.satuan if aktivitas.iki_id else pgettext("unit of measure", "Activity"))
    return [rencana.uraian if rencana else "", aktivitas.tanggal.isoformat(),
            f"{aktivitas.mulai:%H:%M}", f"{aktivitas.selesai:%H:%M}", aktivitas.uraian,
            realisasi_bulat(aktivitas.output), satuan, _bukti(aktivitas, situs)]


def _sheet(book, title, rows):
    sheet = book.create_sheet(title=title[:31])
    sheet.append(KOLOM)
    for row in rows:
        sheet.append(baris_aman(sheet, row))


def progres_harian_xlsx(*, pegawai, start, end, situs):
    """The workbook's bytes. `pegawai`: one person (one sheet) or a list (a list sheet,
    then a sheet per person)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    people = pegawai if isinstance(pegawai, list) else [pegawai]
    by_person = {p.pk: [] for p in people}
    for item in _aktivitas(list(by_person), start, end):
        by_person[item.pegawai_id].append(baris(item, situs))
    if isinstance(pegawai, list):
        daftar = book.create_sheet(title="Daftar")
        daftar.append(KOLOM_DAFTAR)
        for p in people:
            daftar.append(baris_aman(daftar, [p.nip, p.nama_lengkap,
                                              p.jabatan.nama if p.jabatan_id else "",
                                              p.unit.nama if p.unit_id else "",
                                              len(by_person[p.pk])]))
        for p in people:
            _sheet(book, p.nip, by_person[p.pk])
    else:
        _sheet(book, "Progres Harian", by_person[pegawai.pk])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()



KOLOM_UNIT = ["NIP", "Nama", *KOLOM]


def progres_unit(unit, parameter):
    """The worker's export of a unit's subtree for one period (ekinerja.ekspor): one sheet,
    NIP and name, then the person's columns in BKN's shape (filter by NIP for one person's
    rows). Streamed: memory stays flat for a whole province."""
    from django.conf import settings

    from ekinerja.middleware import alamat_situs

    from .models import Periode

    periode = Periode.objects.filter(tahun__tahun=parameter["tahun"],
                                     nomor=parameter["nomor"]).first()
    if periode is None:
        return 0, iter(())
    items = (Aktivitas.objects
             .filter(pegawai__aktif=True, pegawai__unit__path__startswith=unit.path,
                     tanggal__range=(periode.mulai, periode.selesai),
                     status__in=Aktivitas.DILAPORKAN)
             .select_related("rencana_aksi", "iki", "pegawai")
             .prefetch_related(Prefetch("bukti", queryset=BuktiDukung.objects.order_by("id")))
             .order_by("pegawai__unit__path", "pegawai__nama", "pegawai_id", "tanggal", "mulai"))
    situs = alamat_situs() if settings.SITE_URL else ""

    def rows():
        for item in items.iterator(chunk_size=2000):
            yield [item.pegawai.nip, item.pegawai.nama_lengkap, *baris(item, situs)]

    return items.count(), rows()
