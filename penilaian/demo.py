"""Demo data: this period's scores and the unit figures the monitoring pages read, as the
nightly run would leave them (after every other app has written its demo data)."""

from django.utils import timezone

from ekinerja.demo import register
from kinerja.selectors import periode_of

from .services import skor_hitung, skor_unit_hitung


@register(last=True)
def build(*, accounts, stdout):
    periode = periode_of(timezone.localdate())
    if periode is None:
        return
    people = skor_hitung(periode=periode)
    units = skor_unit_hitung(periode=periode)
    stdout.write(f"Scores ready: {people} people scored for {periode}, {units} unit rows.")
