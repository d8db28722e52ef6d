"""Set up the test provider and serve it: migrate its fresh SQLite database, create its
people and the two clients, run the server (until the test stops the process).

--saat/--nyata pin the provider's clock to the test's: the test's pinned moment and the
real time at which it was read. The clock ticks on from there, so the tokens' iat and exp
fit the clock of the test that checks them."""

import datetime as dt
import time

import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application

from ... import (
    CLIENT_ID,
    CLIENT_ID_LAIN,
    CLIENT_SECRET,
    CLIENT_SECRET_LAIN,
    NIP_ASING,
    NIP_CACAT,
    NIP_TERDAFTAR,
    PASSWORD,
)


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)
        parser.add_argument("--saat", type=dt.datetime.fromisoformat)
        parser.add_argument("--nyata", type=float)

    def handle(self, *args, port, redirect_uri, saat, nyata, **options):
        if saat is not None:
            start = saat + dt.timedelta(seconds=time.time() - nyata)
            time_machine.travel(start, tick=True).start()
        call_command("migrate", verbosity=0)
        for nip in (NIP_TERDAFTAR, NIP_ASING, NIP_CACAT):
            User.objects.create_user(nip, password=PASSWORD, first_name=f"Orang {nip}")
        for client_id, secret in ((CLIENT_ID, CLIENT_SECRET),
                                  (CLIENT_ID_LAIN, CLIENT_SECRET_LAIN)):
            Application.objects.create(
                name=client_id, client_id=client_id, client_secret=secret,
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                redirect_uris=" ".join(redirect_uri), algorithm=Application.RS256_ALGORITHM,
                skip_authorization=True)
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True,
                     skip_checks=True)
