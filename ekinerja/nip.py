"""NIP (PNS) and NI PPPK: normalisation and validation.

NIP PNS, 18 digits (PP 11/2017; BKN): YYYYMMDD birth date, YYYYMM first CPNS appointment
(TMT), gender digit 1 male / 2 female, NNN sequence from 001.
NI PPPK, also 18 digits: YYYYMMDD birth date, YYYY year of appointment, two digits that
are not a month (contract count / PPPK code), gender digit, NNN sequence. The PNS TMT
month rule does not apply to it.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# An application rule, not a regulation: nobody is appointed before age 18.
MIN_AGE_AT_APPOINTMENT = 18

JENIS_PNS = ("PNS", "CPNS")
JENIS_PPPK = "PPPK"

_SEPARATORS = re.compile(r"[\s.]+")


def normalize_nip(raw):
    """The NIP as 18 digits: spaces and dots people type are dropped."""
    return _SEPARATORS.sub("", str(raw or ""))


def axes_username(request, credentials=None):
    """django-axes counts failures per normalised NIP, however it was typed."""
    if credentials and credentials.get("username"):
        return normalize_nip(credentials["username"])
    return normalize_nip(request.POST.get("username", "")) if request is not None else ""


def _birth_date(nip):
    try:
        return dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None


def nip_errors(raw, *, jenis="PNS", today=None):
    """Every reason why `raw` is not a valid NIP for an employee of `jenis` (empty if valid)."""
    today = today or timezone.localdate()
    nip = normalize_nip(raw)
    if not re.fullmatch(r"\d{18}", nip):
        return [_("NIP must consist of 18 digits (spaces and dots are allowed).")]
    errors = []
    birth = _birth_date(nip)
    if birth is None:
        errors.append(_("Digits 1-8 of the NIP are not a valid birth date (YYYYMMDD)."))
    elif birth > today:
        errors.append(_("The birth date in the NIP lies in the future."))

    if jenis == JENIS_PPPK:
        year = int(nip[8:12])
        gender, sequence = nip[14], nip[15:18]
        if birth and not (birth.year + MIN_AGE_AT_APPOINTMENT <= year <= today.year):
            errors.append(
                _("Digits 9-12 of the NI PPPK must be a year of appointment at age 18 or later.")
            )
    else:
        year, month = int(nip[8:12]), int(nip[12:14])
        gender, sequence = nip[14], nip[15:18]
        if not 1 <= month <= 12:
            errors.append(_("Digits 9-14 of the NIP are not a valid appointment month (YYYYMM)."))
        elif birth:
            earliest = (birth.year + MIN_AGE_AT_APPOINTMENT, birth.month)
            if (year, month) < earliest:
                errors.append(_("The appointment month in the NIP is before age 18."))
            elif (year, month) > (today.year, today.month):
                errors.append(_("The appointment month in the NIP lies in the future."))
    if gender not in "12":
        errors.append(_("Digit 15 of the NIP must be 1 (male) or 2 (female)."))
    if sequence == "000":
        errors.append(_("The sequence number in the NIP (last 3 digits) cannot be 000."))
    return errors


def validate_nip(raw, *, jenis="PNS", today=None):
    errors = nip_errors(raw, jenis=jenis, today=today)
    if errors:
        raise ValidationError(errors, code="invalid_nip")
    return normalize_nip(raw)


def format_nip(nip):
    """Shown the way BKN prints it: 19860926 201505 1 001."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
