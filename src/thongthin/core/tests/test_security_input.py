"""Input no one should be able to turn against the platform: a form in a charset Django
refuses, and a phone number anyone can type."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("charset", ["latin1", "utf-16", "no-such-charset"])
def test_a_form_sent_in_another_charset_is_read_or_refused_never_a_crash(client, charset):
    response = client.generic(
        "POST",
        "/staff/login/",
        b"username=a&password=b",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    # Read as the login form (a wrong password) or refused as a malformed body; never a 500.
    assert response.status_code in (200, 400)


def test_filing_with_someone_elses_phone_does_not_rename_them_or_take_their_line(locality):
    from thongthin.core.services.accounts import citizen_upsert

    owner = citizen_upsert(
        locality=locality, phone="0812345678", display_name="นางสาวสมใจ ดีงาม",
        line_user_id="U" + "a" * 32, language="th",
    )  # fmt: skip
    stranger = citizen_upsert(
        locality=locality, phone="0812345678", display_name="ATTACKER",
        line_user_id="U" + "b" * 32, language="en", email="x@example.org",
    )  # fmt: skip
    owner.refresh_from_db()
    assert stranger.pk == owner.pk
    assert owner.display_name == "นางสาวสมใจ ดีงาม" and owner.line_user_id == "U" + "a" * 32
    assert owner.language == "th"
    assert owner.email == "x@example.org"  # a blank is filled, nothing is replaced
