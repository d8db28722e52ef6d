"""Restore a backup folder made by `manage.py backup` into an empty database and an empty
media folder, then check every table's row count and every file's checksum.

    createdb ekinerja_pulih
    python manage.py restore /srv/cadangan/ekinerja-20261201T000000Z \
        --database-url postgres://ekinerja@db/ekinerja_pulih --media-root /srv/media-pulih
"""

from django.core.management.base import BaseCommand, CommandError

from ekinerja.cadangan import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and media folder, and check it."

    def add_arguments(self, parser):
        parser.add_argument("sumber", metavar="BACKUP_DIR")
        parser.add_argument("--database-url", help="default: the configured DATABASE_URL")
        parser.add_argument("--media-root", help="default: MEDIA_ROOT")

    def handle(self, *args, sumber, database_url, media_root, **options):
        try:
            backup_restore(sumber=sumber, database_url=database_url, media_root=media_root,
                           stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("restore checked"))
