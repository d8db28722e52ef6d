"""The distribution curve (kurva distribusi, PermenPANRB 6/2022; domain.md): a unit's
organisation predikat limits the spread of its staff predikat. The limits are rows of
BatasKurva that BKD can edit; this module only counts and compares."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .predikat import Predikat

# (organisation predikat, staff predikat, limit, share %): domain.md's table.
BATAS_AWAL = [
    ("istimewa", "sangat_baik", "maks", "70"),
    ("baik", "baik", "maks", "70"),
    ("baik", "butuh_perbaikan,kurang", "ada", "0"),
    ("butuh_perbaikan", "butuh_perbaikan", "min", "60"),
    ("butuh_perbaikan", "sangat_baik", "maks", "10"),
    ("kurang", "kurang", "min", "60"),
    ("kurang", "butuh_perbaikan", "min", "10"),
    ("kurang", "sangat_baik", "maks", "10"),
    ("sangat_kurang", "sangat_kurang", "min", "60"),
    ("sangat_kurang", "kurang,butuh_perbaikan", "min", "10"),
    ("sangat_kurang", "sangat_baik", "maks", "0"),
]


def _semua():
    """Every limit; the table's first rows are put back if it was emptied (as the scoring
    rule is)."""
    from .models import BatasKurva

    rows = list(BatasKurva.objects.all())
    if not rows:
        rows = BatasKurva.objects.bulk_create(
            BatasKurva(organisasi=o, predikat_pegawai=p, jenis=j, persen=Decimal(n))
            for o, p, j, n in BATAS_AWAL)
    return rows


def batas_for(organisasi):
    """The limits for an organisation predikat."""
    return [row for row in _semua() if row.organisasi == organisasi]


def batas_semua():
    """Organisation predikat -> its limits, in one query (the monitoring pages)."""
    rows = {}
    for row in _semua():
        rows.setdefault(row.organisasi, []).append(row)
    return rows


def periksa(batas, counts):
    """Which limits a distribution breaks. `batas`: BatasKurva rows of one organisation
    predikat; `counts`: staff predikat -> number of people. Returns messages (empty when
    the distribution fits). Shares are of everyone counted; the boundary itself fits
    ("at most 70%" allows exactly 70%)."""
    total = sum(counts.values())
    if not total:
        return []
    broken = []
    for row in batas:
        n = sum(counts.get(p, 0) for p in row.predikat_list)
        share = Decimal(n * 100) / total
        names = " / ".join(str(Predikat(p).label) for p in row.predikat_list)
        if row.jenis == "maks" and share > row.persen:
            broken.append(_("%(names)s: %(share)s%% of staff, at most %(limit)s%% allowed")
                          % {"names": names, "share": _pct(share), "limit": _pct(row.persen)})
        elif row.jenis == "min" and share < row.persen:
            broken.append(_("%(names)s: %(share)s%% of staff, at least %(limit)s%% required")
                          % {"names": names, "share": _pct(share), "limit": _pct(row.persen)})
        elif row.jenis == "ada" and n == 0:
            broken.append(_("%(names)s: there must be some") % {"names": names})
    return broken


def boleh_ditutup(broken, tahun, alasan):
    """Whether a distribution that breaks `broken` limits may stand: not at all when the
    year's curve is binding, else only with a justification (ValidationError saying so)."""
    if broken and tahun.kurva_wajib:
        raise ValidationError(_("Outside the distribution curve: %(why)s.")
                              % {"why": "; ".join(broken)})
    if broken and not alasan.strip():
        raise ValidationError({"alasan": _("Outside the distribution curve (%(why)s): "
                                           "give the justification.")
                               % {"why": "; ".join(broken)}})


def _pct(value):
    return f"{Decimal(value).quantize(Decimal('0.1')):n}".replace(".", ",")
