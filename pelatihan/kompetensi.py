"""Which catalogue tags answer which gap in an appraisal. A below-expectation rating of
hasil kerja, or of a BerAKHLAK value (kinerja.berakhlak, numbered 1-7), is matched to
catalogue activities tagged with any of its words. BKD tags the catalogue with these words
(the catalogue form lists them)."""

HASIL_KERJA = 0

TAGS = {
    HASIL_KERJA: ["hasil kerja", "manajemen kinerja", "teknis jabatan"],
    1: ["berorientasi pelayanan", "pelayanan publik"],
    2: ["akuntabel", "integritas"],
    3: ["kompeten", "pengembangan diri"],
    4: ["harmonis", "komunikasi"],
    5: ["loyal", "wawasan kebangsaan"],
    6: ["adaptif", "inovasi"],
    7: ["kolaboratif", "kerja sama"],
}


def semua_tag():
    return [tag for tags in TAGS.values() for tag in tags]
