# The plan fixtures (a year, approved SKPs down the chart) are shared with kinerja's tests.
from ..kinerja.conftest import (  # noqa: F401
    indikator,
    sasaran,
    skp_atasan,
    skp_kepala,
    skp_pegawai,
    tahun,
)
