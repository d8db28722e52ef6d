import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.nip import format_nip, nip_errors, normalize_nip, validate_nip

TODAY = dt.date(2026, 11, 27)


def test_the_documented_example_shape_is_valid():
    assert validate_nip("19860926 201505 1 001", today=TODAY) == "198609262015051001"


def test_spaces_and_dots_are_dropped():
    assert normalize_nip(" 19860926.201505.1.001 ") == "198609262015051001"


def test_format_nip_prints_the_bkn_grouping():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"


@pytest.mark.parametrize("nip, fragment", [
    ("1986092620150510", "18 digits"),
    ("19860926201505100A", "18 digits"),
    ("19860231 201505 1 001", "birth date"),
    ("20300101 205001 1 001", "future"),
    ("19860926 201513 1 001", "appointment month"),
    ("19860926 200001 1 001", "age 18"),
    ("19860926 202701 1 001", "future"),
    ("19860926 201505 3 001", "Digit 15"),
    ("19860926 201505 1 000", "000"),
])
def test_invalid_pns_nips_are_refused_with_the_reason(nip, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        errors = nip_errors(nip, today=TODAY)
    assert errors and any(fragment in e for e in errors), errors


def test_pppk_number_does_not_need_an_appointment_month():
    # Digits 13-14 of an NI PPPK are "21", not a month: valid for PPPK, not for PNS.
    assert nip_errors("199003152022212001", jenis="PPPK", today=TODAY) == []
    assert nip_errors("199003152022212001", jenis="PNS", today=TODAY) != []


def test_pppk_appointment_year_must_be_at_adult_age():
    assert nip_errors("199003152000212001", jenis="PPPK", today=TODAY) != []


def test_validate_nip_raises_a_validation_error_in_indonesian():
    with pytest.raises(ValidationError) as exc:
        validate_nip("123", today=TODAY)
    assert "18 digit" in exc.value.messages[0]


@st.composite
def valid_pns_nip(draw):
    birth = draw(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2000, 12, 31)))
    months_after_18 = draw(st.integers(min_value=0, max_value=(2026 - birth.year - 19) * 12))
    total = (birth.year + 18) * 12 + birth.month - 1 + months_after_18
    year, month = divmod(total, 12)
    gender = draw(st.sampled_from("12"))
    seq = draw(st.integers(min_value=1, max_value=999))
    return f"{birth:%Y%m%d}{year}{month + 1:02d}{gender}{seq:03d}"


@given(valid_pns_nip(), st.sampled_from(["", " ", "."]))
def test_every_well_formed_pns_nip_is_accepted_however_separated(nip, sep):
    typed = sep.join([nip[:8], nip[8:14], nip[14], nip[15:]])
    assert nip_errors(typed, today=TODAY) == []


@given(valid_pns_nip(), st.integers(min_value=0, max_value=17), st.sampled_from("abc-/x"))
def test_a_non_digit_anywhere_is_refused(nip, pos, ch):
    assert nip_errors(nip[:pos] + ch + nip[pos + 1:], today=TODAY) != []


@given(valid_pns_nip())
def test_gender_digit_other_than_1_or_2_is_refused(nip):
    for digit in "0345679":
        assert nip_errors(nip[:14] + digit + nip[15:], today=TODAY) != []


@given(valid_pns_nip())
def test_sequence_000_is_refused(nip):
    assert nip_errors(nip[:15] + "000", today=TODAY) != []
