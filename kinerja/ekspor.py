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
