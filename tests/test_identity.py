"""Revocation in the store: a logout or a disabling ends every session issued before it, identities
older than the configured age and unverified e-mails are refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from data_access.access import save_user, viewer_for
from data_access.identity import (
    Identity,
    Standing,
    disable_user,
    max_age_from_hours,
    revoke,
    standing,
    utc_now,
)
from data_access.models import IdentiteRevoquee

NOW = datetime(2026, 12, 3, 8, 0, 0)
EMAIL = "ref28@eure-et-loir.gouv.fr"


def identity(issued_minutes_ago: float = 10, **changes: object) -> Identity:
    fields = {
        "subject": "sub-28",
        "email": EMAIL,
        "issued_at": NOW - timedelta(minutes=issued_minutes_ago),
        "email_verified": True,
    }
    return Identity(**{**fields, **changes})


@pytest.fixture
def referent(engine: Engine) -> Engine:
    save_user(engine, EMAIL, "Référente 28", "departement", "28")
    return engine


def test_claims_are_read_from_the_id_token() -> None:
    read = Identity.from_claims(
        {
            "sub": "abc",
            "email": " Ref28@Eure-et-Loir.gouv.fr ",
            "iat": 1_796_284_800,
            "email_verified": "false",
        }
    )
    assert read == Identity("abc", EMAIL, datetime(2026, 12, 3, 8, 0, 0), False)
    assert Identity.from_claims({"email": EMAIL}).issued_at is None
    assert Identity.from_claims({"email": EMAIL}).email_verified is None


def test_a_fresh_verified_identity_stands(referent: Engine) -> None:
    assert standing(referent, identity(), now=NOW) is Standing.VALID
    assert standing(referent, identity(email_verified=None), now=NOW) is Standing.VALID


def test_an_unverified_e_mail_is_refused(referent: Engine) -> None:
    assert standing(referent, identity(email_verified=False), now=NOW) is Standing.UNVERIFIED


def test_an_identity_older_than_the_maximum_age_must_sign_in_again(referent: Engine) -> None:
    assert standing(referent, identity(issued_minutes_ago=13 * 60), now=NOW) is Standing.EXPIRED
    assert standing(referent, identity(issued_minutes_ago=11 * 60), now=NOW) is Standing.VALID
    assert (
        standing(referent, identity(issued_minutes_ago=90), max_age=timedelta(hours=1), now=NOW)
        is Standing.EXPIRED
    )
    assert standing(referent, identity(issued_at=None), now=NOW) is Standing.EXPIRED


def test_a_logout_ends_every_session_issued_before_it(referent: Engine) -> None:
    copied_cookie = identity(issued_minutes_ago=30)
    revoke(referent, identity(), at=NOW - timedelta(minutes=5))
    assert standing(referent, copied_cookie, now=NOW) is Standing.REVOKED
    assert standing(referent, identity(issued_minutes_ago=5.01), now=NOW) is Standing.REVOKED
    assert standing(referent, identity(issued_minutes_ago=1), now=NOW) is Standing.VALID
    same_subject_other_mail = identity(issued_minutes_ago=30, email="autre@example.fr")
    assert standing(referent, same_subject_other_mail, now=NOW) is Standing.REVOKED


def test_signing_in_again_in_the_second_of_the_logout_stands(referent: Engine) -> None:
    """Providers stamp ``iat`` in whole seconds: the new sign-in reads as issued before a
    logout stamped with a fraction of that same second."""
    logout = NOW + timedelta(milliseconds=700)
    revoke(referent, identity(issued_minutes_ago=1), at=logout)
    assert standing(referent, identity(issued_minutes_ago=0), now=logout) is Standing.VALID
    assert standing(referent, identity(issued_minutes_ago=1), now=logout) is Standing.REVOKED


def test_an_identity_ended_in_the_second_it_was_issued_is_refused(referent: Engine) -> None:
    revoke(referent, identity(issued_minutes_ago=0), at=NOW + timedelta(milliseconds=300))
    assert standing(referent, identity(issued_minutes_ago=0), now=NOW) is Standing.REVOKED


def test_signing_out_again_keeps_one_row_per_identity(referent: Engine) -> None:
    for minutes in (30, 20, 10):
        revoke(referent, identity(), at=NOW - timedelta(minutes=minutes))
    with referent.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(IdentiteRevoquee)) == 1
    assert standing(referent, identity(issued_minutes_ago=15), now=NOW) is Standing.REVOKED


def test_a_disabled_user_is_refused_and_his_sessions_are_ended(referent: Engine) -> None:
    signed_in = identity(issued_at=utc_now() - timedelta(minutes=1))
    disable_user(referent, "REF28@eure-et-loir.gouv.fr")
    assert standing(referent, signed_in) is Standing.DISABLED
    assert viewer_for(referent, EMAIL) is None
    save_user(referent, EMAIL, "Référente 28", "departement", "28")
    assert standing(referent, signed_in) is Standing.REVOKED, "re-enabled, his old cookie stays ended"


def test_the_maximum_age_is_a_positive_number_of_hours() -> None:
    assert max_age_from_hours(None) == timedelta(hours=12)
    assert max_age_from_hours(0.5) == timedelta(minutes=30)
    for wrong in ("douze", 0, -1, True):
        with pytest.raises(ValueError, match="max_age_hours doit être un nombre d'heures positif"):
            max_age_from_hours(wrong)
