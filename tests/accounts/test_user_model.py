import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_in_lower_case_and_is_the_login():
    user = User.objects.create_user("Ada.Lovelace@Example.ORG", "pw-12345678", name="Ada Lovelace")

    assert user.email == "ada.lovelace@example.org"
    assert authenticate(username="ADA.lovelace@example.org", password="pw-12345678") == user


def test_two_people_cannot_share_an_email_whatever_its_case():
    UserFactory(email="same@example.org")

    with pytest.raises(IntegrityError):
        User.objects.filter(pk=UserFactory().pk).update(email="SAME@example.org")


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "0000-0002-1694-233X", ""])
def test_a_well_formed_orcid_or_none_is_accepted(orcid):
    user = UserFactory.build(orcid=orcid)

    user.full_clean(exclude=["password"])


@pytest.mark.parametrize("orcid", ["0000-0002-1825", "0000000218250097", "abcd-efgh-ijkl-mnop"])
def test_a_malformed_orcid_is_refused(orcid):
    user = UserFactory.build(orcid=orcid)

    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])

    assert error.value.error_dict["orcid"][0].code == "invalid_orcid"


def test_a_superuser_is_staff_and_superuser():
    user = User.objects.create_superuser("boss@example.org", "pw-12345678", name="Boss")

    assert (user.is_staff, user.is_superuser) == (True, True)


def test_a_person_reads_as_their_name():
    assert str(UserFactory.build(name="Tony Bovaird")) == "Tony Bovaird"
