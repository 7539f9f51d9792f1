"""A database the demo command never ran on holds no demo account (its own module:
tests/demo/test_demo.py keeps the demo loaded for all of its tests)."""

import pytest

from accounts.models import User


@pytest.mark.django_db
def test_demo_accounts_exist_only_once_the_demo_command_ran():
    assert not User.objects.filter(email__endswith="@example.org").exists()
