import pytest

from pelatihan.jalur import jalur_pastikan
from pelatihan.models import JalurBelajar


@pytest.fixture
def jalur(db):
    jalur_pastikan()
    return {j.kode: j for j in JalurBelajar.objects.all()}
