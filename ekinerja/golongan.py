"""Golongan/pangkat: the official PNS table, and the PPPK golongan I-XVII.

National rules (PP 99/2000 for PNS ranks; Perpres 98/2020 for PPPK), so constants here.
"""

PANGKAT_PNS = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

GOLONGAN_PPPK = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]

CHOICES_PNS = [(code, f"{code} {name}") for code, name in PANGKAT_PNS.items()]
CHOICES_PPPK = [(code, code) for code in GOLONGAN_PPPK]
ALL_CHOICES = CHOICES_PNS + CHOICES_PPPK


def golongan_valid(jenis, golongan):
    """PNS and CPNS carry a PNS rank; PPPK a golongan I-XVII."""
    if jenis == "PPPK":
        return golongan in GOLONGAN_PPPK
    return golongan in PANGKAT_PNS


def normalize_golongan(raw):
    """'iii/a', 'III / A' and 'III/a' are the same rank; 'xii' the same PPPK golongan."""
    value = "".join(str(raw or "").split())
    if "/" in value:
        roman, letter = value.split("/", 1)
        return f"{roman.upper()}/{letter.lower()}"
    return value.upper()


def label(golongan):
    pangkat = PANGKAT_PNS.get(golongan)
    return f"{golongan} ({pangkat})" if pangkat else golongan
