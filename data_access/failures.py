"""What a database failure means for the person in front of the page.

A database that cannot be reached, one that answers too slowly, a file that is not
a database and a value the database refuses call for different words and different
actions: only the first two are worth a « Réessayer ». Everything that is not
recognised is treated as an outage, the case where waiting is the right advice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DatabaseError, DataError, SQLAlchemyError

UNREACHABLE = (
    "La base de données est injoignable pour le moment. Les données s'afficheront dès "
    "qu'elle sera de nouveau disponible."
)
TOO_SLOW = (
    "La base de données met trop de temps à répondre. La page s'affichera quand elle sera "
    "moins chargée : réessayez dans un instant."
)
NOT_A_DATABASE = (
    "Le fichier désigné par DATABASE_URL existe, mais ce n'est pas un fichier de la base "
    "du tableau de bord. Un administrateur doit corriger DATABASE_URL."
)
REFUSED_VALUE = (
    "La base de données a refusé une valeur de cette page (caractère ou format invalide). "
    "Vérifiez l'adresse de la page ou revenez à la synthèse."
)
SQLITE_NOT_A_DATABASE = ("file is not a database", "file is encrypted or is not a database")
TIMEOUT_MARKERS = ("canceling statement due to statement timeout", "database is locked")
"""A statement that ran past its limit, not a connection that never opened (that is an outage)."""


@dataclass(frozen=True)
class Failure:
    """The French message to show and whether retrying may help."""

    message: str
    retry: bool


def classify(error: SQLAlchemyError) -> Failure:
    """The message and the action that fit ``error``."""
    text = str(getattr(error, "orig", None) or error).lower()
    if isinstance(error, DataError):
        return Failure(REFUSED_VALUE, retry=False)
    if isinstance(error, DatabaseError) and any(marker in text for marker in SQLITE_NOT_A_DATABASE):
        return Failure(NOT_A_DATABASE, retry=False)
    if any(marker in text for marker in TIMEOUT_MARKERS):
        return Failure(TOO_SLOW, retry=True)
    return Failure(UNREACHABLE, retry=True)
