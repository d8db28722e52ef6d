"""Excel export of the people to reach for adoption (registered with ekinerja.ekspor)."""

from .adopsi import jangkau

HEADER = ["NIP", "Nama", "Unit kerja", "Belum pernah masuk", "Tanpa SKP disetujui",
          "Tidak melapor 7 hari terakhir"]


def adopsi_jangkau(unit, parameter):
    people = jangkau(unit)

    def rows():
        yes = {True: "ya", False: ""}
        for row in people.values_list("nip", "nama", "unit__nama", "belum_login", "tanpa_skp",
                                      "tidak_lapor").iterator(chunk_size=2000):
            yield [*row[:3], *(yes[bool(v)] for v in row[3:])]

    return people.count(), rows()


# --- BKN e-Kinerja's report shapes (docs/bkn.md) ----------------------------------------------

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]


def opd_names():
    """{OPD id: name}: the units right under an instansi (one query)."""
    from ekinerja.models import UnitKerja

    return dict(UnitKerja.objects.filter(parent__isnull=False, parent__parent__isnull=True)
                .values_list("pk", "nama"))


def opd_nama(unit, names=None):
    """The OPD (unor induk) a unit belongs to: the unit under the instansi on its path."""
    ids = unit.ancestor_ids()
    if len(ids) < 2:
        return "ALL"
    return (names if names is not None else opd_names()).get(ids[1], "")


def judul_bkn(laporan, unit, periode_teks):
    """The six rows above a BKN e-Kinerja report's header."""
    from django.utils import timezone

    from ekinerja.models import UnitKerja

    instansi = UnitKerja.objects.filter(pk=unit.ancestor_ids()[0]).values_list(
        "nama", flat=True).first()
    return [[f"{laporan} {periode_teks}"], [f"Instansi : {instansi}"],
            [f"Periode : {periode_teks}"], [f"Unor Induk : {opd_nama(unit)}"],
            [f"Unor : {'ALL' if len(unit.ancestor_ids()) <= 2 else unit.nama}"],
            [f"Data ditarik pada : {timezone.localtime():%Y-%m-%d %H:%M:%S}"]]


SKP_HEADER = ["No", "nip", "nama", "skp_jabatan", "skp_unor", "skp_unor_induk",
              "periode_awal", "periode_akhir", "skp_status", "is_plt_plh"]
# Our SKP status in the words BKN's report uses where known ("persetujuan" for an approved
# SKP); the others are ours (docs/bkn.md).
SKP_STATUS = {"draft": "draft", "diajukan": "pengajuan", "dikembalikan": "revisi",
              "disetujui": "persetujuan"}


def judul_laporan_skp(unit, parameter):
    return judul_bkn("Laporan SKP", unit, f"Tahunan Tahun {parameter['tahun']}")


def laporan_skp(unit, parameter):
    """Every SKP of the year in the unit's subtree, one row each, in the columns of BKN's
    "Laporan SKP" report."""
    import datetime as dt

    from .models import Skp

    year = parameter["tahun"]
    skps = (Skp.objects.filter(tahun__tahun=year, pegawai__unit__path__startswith=unit.path)
            .select_related("pegawai", "jabatan", "unit")
            .order_by("unit__path", "pegawai__nama", "pk"))
    names = opd_names()

    def rows():
        for number, skp in enumerate(skps.iterator(chunk_size=2000), start=1):
            yield [number, skp.pegawai.nip, skp.pegawai.nama_lengkap, skp.jabatan.nama,
                   skp.unit.nama, opd_nama(skp.unit, names), dt.date(year, 1, 1).isoformat(),
                   dt.date(year, 12, 31).isoformat(), SKP_STATUS.get(skp.status, skp.status),
                   0]

    return skps.count(), rows()
