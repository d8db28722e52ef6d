"""Training pages, one module per part: partisipasi (my trainings, recording one, the
certificate, verification), katalog (the catalogue and its review), jalur (the learning
paths), kepatuhan (compliance with the JP right), rencana (the development plan)."""
