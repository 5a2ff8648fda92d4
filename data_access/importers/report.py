"""What an accepted import did, in figures and in French: for the CLI, the admin page and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(day: date) -> str:
    """``17 mai 2023``, ``1er juin 2024``."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class DepartementCount:
    """Lieux of one département: in the imported file and in the whole store after import."""

    code: str
    nom: str
    nombre_fichier: int
    nombre_total: int


@dataclass
class ImportReport:
    """What an accepted import did; shown by the CLI and the admin page."""

    kind: str
    filename: str
    checksum: str = ""
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    departements: list[DepartementCount] = field(default_factory=list)
    unplaced: int = 0
    data_date: date | None = None
    """The day a snapshot made by the import is dated by (lieux)."""
    data_date_source: str = ""

    def details(self) -> dict[str, object]:
        """The JSON kept in the import log."""
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "skipped": self.skipped,
            "warnings": self.warning_count,
            **self.counts,
            **({"unplaced": self.unplaced} if self.kind == "lieux" else {}),
            **({"date_donnees": self.data_date.isoformat()} if self.data_date else {}),
            **(
                {"departements": {d.code: d.nombre_fichier for d in self.departements}}
                if self.departements
                else {}
            ),
        }

    def message_fr(self) -> str:
        lines = [
            f"Import « {self.kind} » accepté : {self.filename}, {self.rows} ligne(s) "
            f"({self.inserted} ajoutée(s), {self.updated} mise(s) à jour, {self.skipped} ignorée(s))."
        ]
        for key, value in self.counts.items():
            lines.append(f"  {COUNT_LABELS.get(key, key)} : {value}")
        if self.data_date is not None:
            lines.append(f"  Relevé daté du {french_date(self.data_date)} ({self.data_date_source})")
        if self.kind == "lieux":
            lines.append(f"  Lieux non placés : {self.unplaced}")
            if self.departements:
                lines.append("  Lieux par département (fichier / total en base) :")
                for dep in self.departements:
                    lines.append(
                        f"    {dep.code:<4}{dep.nom:<32}{dep.nombre_fichier:>7}{dep.nombre_total:>8}"
                    )
        if self.warning_count:
            lines.append(f"Avertissements ({self.warning_count}) :")
            lines += [f"- {warning}" for warning in self.warnings]
            hidden = self.warning_count - len(self.warnings)
            if hidden > 0:
                lines.append(f"… et {hidden} autre(s) avertissement(s)")
        return "\n".join(lines)


COUNT_LABELS: dict[str, str] = {
    "coordonnees": "Placés par leurs coordonnées",
    "code_insee": "Placés au centre de leur commune (code INSEE)",
    "code_postal": "Placés au centre de leur commune (code postal et nom)",
    "non_placee": "Non placés",
    "hors_departements": "Hors des territoires",
    "communes": "Communes",
    "epci": "EPCI",
    "codes_inconnus": "Codes inconnus de la géographie",
    "montant_total": "Montant total (€)",
    "coporteurs": "Co-porteurs",
    "comites": "Comités",
    "territoires": "Territoires couverts",
    "feuilles": "Feuilles de route",
    "axes": "Axes",
    "actions": "Actions",
    "cofinancements": "Cofinancements",
    "subventions": "Demandes de subvention",
    "departements_releves": "Départements relevés",
    "usagers": "Personnes accompagnées (usagers des CRA)",
    "accompagnements": "Accompagnements",
    "structures_actives": "Structures actives",
    "structures_non_placees": "Structures non placées",
    "aidants": "Aidants habilités des structures actives",
    "structures": "Structures d'accueil",
    "conseillers": "Conseillers numériques validés",
    "equipements": "Équipements reconditionnés",
}
