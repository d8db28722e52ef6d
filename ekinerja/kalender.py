"""The working calendar: which days count and how many minutes a month asks for.

Effective days exclude weekends by the unit's 5- or 6-day week (Perpres 21/2023; schools and
health units work 6 days), national holidays and cuti bersama (entered by BKD per year).
Effective working time is 300 minutes a day (Perka BKN 19/2011); some regions use a fixed
monthly figure instead (e.g. 6,750): both are settings.
"""

import calendar
import datetime as dt

from django.conf import settings

from .models import HariLibur


def month_days(year, month):
    last = calendar.monthrange(year, month)[1]
    return [dt.date(year, month, d) for d in range(1, last + 1)]


def holidays_between(start, end):
    return dict(HariLibur.objects.filter(tanggal__range=(start, end))
                .values_list("tanggal", "nama"))


def is_weekend(day, hari_kerja):
    # Monday=0 ... Sunday=6: a 5-day week rests Saturday and Sunday, a 6-day week Sunday.
    return day.weekday() >= hari_kerja


def working_days(year, month, hari_kerja, holidays=None):
    days = month_days(year, month)
    if holidays is None:
        holidays = holidays_between(days[0], days[-1])
    return [d for d in days if not is_weekend(d, hari_kerja) and d not in holidays]


def target_minutes(year, month, hari_kerja, holidays=None):
    if settings.TARGET_MENIT_BULANAN:
        return settings.TARGET_MENIT_BULANAN
    return len(working_days(year, month, hari_kerja, holidays)) * settings.MENIT_KERJA_HARI
