"""The one shape of a refusal the pages show as is: an exception carrying a French sentence."""

from __future__ import annotations


class Refused(Exception):
    """An operation the store refuses; ``message_fr`` tells the person why, in French."""

    def __init__(self, message_fr: str) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr
