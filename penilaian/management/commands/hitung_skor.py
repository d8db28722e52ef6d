"""Compute scores without a worker (the embedded local run, operators):

    python manage.py hitung_skor              # every open period, and their years
    python manage.py hitung_skor --periode 7  # one period, everyone
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.models import Periode
from penilaian.services import skor_hitung, skor_hitung_tahun, skor_unit_hitung


class Command(BaseCommand):
    help = "Compute result-based scores for open periods (or one period) in this process."

    def add_arguments(self, parser):
        parser.add_argument("--periode", type=int, help="id of one period")

    def handle(self, *args, periode=None, **options):
        today = timezone.localdate()
        if periode is not None:
            periods = list(Periode.objects.filter(pk=periode).select_related("tahun"))
            if not periods:
                raise CommandError(f"No period with id {periode}.")
        else:
            periods = list(Periode.objects.filter(mulai__lte=today, cutoff__gte=today,
                                                  terkunci=False).select_related("tahun"))
        for p in periods:
            count = skor_hitung(periode=p)
            units = skor_unit_hitung(periode=p)
            self.stdout.write(f"{p}: {count} scores written (new or changed), "
                              f"{units} unit rows")
        for tahun in {p.tahun for p in periods}:
            count = skor_hitung_tahun(tahun=tahun)
            self.stdout.write(f"{tahun.tahun}: {count} year scores written")
