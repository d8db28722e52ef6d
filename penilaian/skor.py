"""The formulas of the result-based score, on plain numbers. The computation service and
the explanation page both use these, so what is stored is what is explained.

Capaian of an IKI (PermenPANRB 6/2022; domain.md): realisasi / target x 100%, inverted
where lower is better; for a range target the upper bound when above it and the lower
bound when below it (100% within); capped at the BKD maximum.
"""

from decimal import Decimal

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def q(value):
    return Decimal(value).quantize(CENT)


def capaian(*, realisasi, target, target_atas, arah, maks):
    """Percent achievement of one IKI, or None when it has no target to measure against."""
    if target is None or target <= 0:
        return None
    realisasi = Decimal(realisasi)
    if arah == "turun":
        value = maks if realisasi <= 0 else target / realisasi * HUNDRED
    elif arah == "rentang":
        if realisasi > target_atas:
            value = target_atas / realisasi * HUNDRED
        elif realisasi < target:
            value = realisasi / target * HUNDRED
        else:
            value = HUNDRED
    else:
        value = realisasi / target * HUNDRED
    return q(min(value, maks))


def skor_hasil(items):
    """The weighted sum of capaian over the Utama IKIs: items of (capaian, bobot) with the
    weights summing to 100. An IKI without a target counts as zero."""
    return q(sum(((c or 0) * b for c, b in items), Decimal("0")) / HUNDRED)


def skor_gabungan(items):
    """The result score of someone with more than one SKP in the range (moved to another
    post): each SKP's result score weighted by the approved minutes spent on its IKIs, or
    a plain average when no minutes were spent on any. Items of (skor_hasil, menit);
    None when there is no quantitative SKP to score."""
    items = list(items)
    if not items:
        return None
    if len(items) == 1:
        return items[0][0]
    total = sum(m for _s, m in items)
    if not total:
        return q(sum((s for s, _m in items), Decimal("0")) / len(items))
    return q(sum((s * m for s, m in items), Decimal("0")) / total)


def produktivitas(menit, target_menit):
    """Approved minutes against the period's target minutes, capped at 100%."""
    if not target_menit:
        return Decimal("0.00")
    return q(min(Decimal(menit) / Decimal(target_menit) * HUNDRED, HUNDRED))


def rating_saran(skor, *, ambang_di_atas, ambang_sesuai):
    """The suggested hasil kerja rating; the atasan confirms or overrides it. None (a
    qualitative SKP) suggests nothing."""
    if skor is None:
        return ""
    if skor >= ambang_di_atas:
        return "di_atas"
    if skor >= ambang_sesuai:
        return "sesuai"
    return "di_bawah"


def tpp_kinerja(*, produktivitas, skor_hasil, bobot_produktivitas, bobot_hasil):
    """The TPP performance component in percent: a weighted mix of productivity and result
    score (each capped at 100), weights from the versioned rule. Without a result score
    (a qualitative SKP, rated by the atasan) productivity stands for the whole component.
    Attendance (disiplin) is the other part of TPP and is not computed here."""
    if skor_hasil is None:
        return q(min(produktivitas, HUNDRED))
    return q((min(produktivitas, HUNDRED) * bobot_produktivitas
              + min(skor_hasil, HUNDRED) * bobot_hasil) / HUNDRED)
