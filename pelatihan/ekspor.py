"""Excel export of JP compliance (registered with ekinerja.ekspor)."""

from ekinerja.models import Pegawai

from .selectors import kepatuhan

HEADER = ["NIP", "Nama", "Jenis", "Unit kerja", "JP klasikal", "JP nonklasikal",
          "JP dihitung", "Hak JP", "Kurang"]


def kepatuhan_jp(unit, parameter):
    people = kepatuhan(Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path),
                       parameter["tahun"])

    def rows():
        for row in (people.order_by("unit__path", "nama")
                    .values_list("nip", "nama", "jenis", "unit__nama", "jp_kl", "jp_nkl",
                                 "jp_dihitung", "hak", "jp_kurang").iterator(chunk_size=2000)):
            yield list(row)

    return people.count(), rows()
