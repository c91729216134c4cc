"""The migrations describe the models as they are: nothing is left for makemigrations."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations reads the applied migrations for its consistency check
def test_models_and_migrations_agree():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
