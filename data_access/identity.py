"""Whether a signed-in identity still stands: revoked, too old, unverified or disabled.

Streamlit keeps the identity the provider returned in a signed cookie for 30 days
and forgets nothing on logout but the cookie in that one browser: a copy of it
would keep opening the dashboard. So the store remembers, per provider subject and
e-mail, when that identity's sessions were ended (a logout, a disabling), and an
identity is accepted only if the provider issued it after that moment and within
the configured age.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from sqlalchemy import ColumnElement, Engine, delete, exists, false, func, insert, or_, select, update

from data_access.models import IdentiteRevoquee, Utilisateur

DEFAULT_MAX_AGE = timedelta(hours=12)


class Standing(Enum):
    """What the dashboard makes of an identity, before looking at the user's role."""

    VALID = "valid"
    UNVERIFIED = "unverified"
    EXPIRED = "expired"
    REVOKED = "revoked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class Identity:
    """The person the provider vouched for, and when (``issued_at``, naive UTC)."""

    subject: str
    email: str
    issued_at: datetime | None
    email_verified: bool | None

    @classmethod
    def from_claims(cls, claims: Mapping[str, object]) -> Identity:
        """Read the ID token's claims: ``sub``, ``email``, ``iat``, ``email_verified`` when sent."""
        issued = claims.get("iat")
        issued_at = (
            datetime.fromtimestamp(float(issued), UTC).replace(tzinfo=None)
            if isinstance(issued, int | float) and not isinstance(issued, bool)
            else None
        )
        verified = claims.get("email_verified")
        if isinstance(verified, str):
            verified = verified.strip().lower() == "true"
        return cls(
            subject=str(claims.get("sub") or ""),
            email=str(claims.get("email") or "").strip().lower(),
            issued_at=issued_at,
            email_verified=verified if isinstance(verified, bool) else None,
        )


def max_age_from_hours(hours: object) -> timedelta:
    """The configured ``max_age_hours`` (``None``: 12 hours), refused unless a positive number."""
    if hours is None:
        return DEFAULT_MAX_AGE
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
        raise ValueError(f"max_age_hours doit être un nombre d'heures positif, pas « {hours} ».")
    return timedelta(hours=hours)


def utc_now() -> datetime:
    """Naive UTC, as the revocations are stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def standing(
    engine: Engine, identity: Identity, max_age: timedelta = DEFAULT_MAX_AGE, now: datetime | None = None
) -> Standing:
    """Whether ``identity`` may still be let in (one small query).

    An identity without issue time is treated as too old: its age cannot be checked.
    """
    if identity.email_verified is False:
        return Standing.UNVERIFIED
    now = now or utc_now()
    if identity.issued_at is None or now - identity.issued_at > max_age:
        return Standing.EXPIRED
    revoked = select(func.max(IdentiteRevoquee.revoquee_le)).where(_same_identity(identity))
    disabled = exists().where(Utilisateur.email == identity.email, Utilisateur.actif.is_(False))
    with engine.connect() as connection:
        revoked_at, is_disabled = connection.execute(select(revoked.scalar_subquery(), disabled)).one()
    if is_disabled:
        return Standing.DISABLED
    if revoked_at is not None and identity.issued_at < revoked_at:
        return Standing.REVOKED
    return Standing.VALID


def _same_identity(identity: Identity) -> ColumnElement[bool]:
    matches: list[ColumnElement[bool]] = []
    if identity.subject:
        matches.append(IdentiteRevoquee.sujet == identity.subject)
    if identity.email:
        matches.append(IdentiteRevoquee.email == identity.email)
    return or_(*matches) if matches else false()


def revoke(engine: Engine, identity: Identity, at: datetime | None = None) -> None:
    """End every session of this identity opened before ``at`` (now by default): the logout.

    Providers stamp ``iat`` in whole seconds, so a revocation stamped with a fraction
    would also refuse a sign-in made in the same second, right after the logout. The
    moment is therefore the whole second, and never earlier than just after the
    ended identity's own issue, so that identity is refused even if it is only a
    second old.

    Older revocations of the same subject and e-mail are replaced, so the table keeps
    one row per identity however often it signs out.
    """
    moment = (at or utc_now()).replace(microsecond=0)
    if identity.issued_at is not None:
        moment = max(moment, identity.issued_at + timedelta(seconds=1))
    subject, email = identity.subject or None, identity.email or None
    with engine.begin() as connection:
        connection.execute(
            delete(IdentiteRevoquee).where(
                IdentiteRevoquee.sujet.is_not_distinct_from(subject),
                IdentiteRevoquee.email.is_not_distinct_from(email),
            )
        )
        connection.execute(insert(IdentiteRevoquee).values(sujet=subject, email=email, revoquee_le=moment))


def disable_user(engine: Engine, email: str) -> None:
    """Turn an account off and end its open sessions at once (its cookies reach the sign-in page)."""
    address = email.strip().lower()
    with engine.begin() as connection:
        connection.execute(update(Utilisateur).where(Utilisateur.email == address).values(actif=False))
    revoke(engine, Identity(subject="", email=address, issued_at=None, email_verified=None))
