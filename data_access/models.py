"""SQLAlchemy models of the shared FNE store.

Names follow the State's FNE platforms where they fit (persona, intention,
sousPrefetReferent, besoins…) so that their exports map onto this store.
Every row that belongs to a territory carries ``code_departement`` so that a
territory scope is a plain SQL filter (see ``scope.py``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Money = Numeric(14, 2, asdecimal=False)


class Base(DeclarativeBase):
    """Declarative base shared by models and migrations."""


# --- Reference geography -------------------------------------------------


class Region(Base):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    nom: Mapped[str] = mapped_column(String(120))


class Departement(Base):
    __tablename__ = "departement"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    nom: Mapped[str] = mapped_column(String(120))
    code_region: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    population: Mapped[int] = mapped_column(Integer, default=0)


class Epci(Base):
    """EPCI à fiscalité propre, attached to the département holding most of its population."""

    __tablename__ = "epci"
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(8))
    population: Mapped[int] = mapped_column(Integer, default=0)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    codes_departements: Mapped[str] = mapped_column(String(60), default="")


class Commune(Base):
    __tablename__ = "commune"
    code_insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    code_epci: Mapped[str | None] = mapped_column(ForeignKey("epci.code"), index=True)
    population: Mapped[int] = mapped_column(Integer, default=0)
    codes_postaux: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


# --- Candidatures (the governance form) -----------------------------------


class Candidature(Base):
    """A governance form filled by a collectivité or a structure."""

    __tablename__ = "candidature"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    persona: Mapped[str] = mapped_column(String(32))
    intention: Mapped[str] = mapped_column(String(16))
    statut: Mapped[str] = mapped_column(String(16))
    structure_nom: Mapped[str] = mapped_column(String(250))
    siren: Mapped[str | None] = mapped_column(String(14))
    code_epci: Mapped[str | None] = mapped_column(ForeignKey("epci.code"), index=True)
    code_commune: Mapped[str | None] = mapped_column(String(5))
    date_creation: Mapped[date | None] = mapped_column(Date)
    date_envoi: Mapped[date | None] = mapped_column(Date)
    date_annulation: Mapped[date | None] = mapped_column(Date)
    contact_structure: Mapped[str | None] = mapped_column(String(250))
    contact_politique: Mapped[str | None] = mapped_column(String(250))
    contact_technique: Mapped[str | None] = mapped_column(String(250))
    territoires: Mapped[list[CandidatureTerritoire]] = relationship(
        back_populates="candidature", cascade="all, delete-orphan"
    )


class CandidatureTerritoire(Base):
    """A territory or structure covered by a candidature (EPCI, commune, département…)."""

    __tablename__ = "candidature_territoire"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidature_id: Mapped[int] = mapped_column(ForeignKey("candidature.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(14))
    candidature: Mapped[Candidature] = relationship(back_populates="territoires")


# --- Gouvernance ------------------------------------------------------------


class Gouvernance(Base):
    """One governance per département; ``version`` guards concurrent edits."""

    __tablename__ = "gouvernance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), unique=True)
    etape: Mapped[str] = mapped_column(String(24))
    perimetre: Mapped[str | None] = mapped_column(String(16))
    porteur_nom: Mapped[str | None] = mapped_column(String(250))
    porteur_type: Mapped[str | None] = mapped_column(String(32))
    pas_de_coporteurs: Mapped[bool] = mapped_column(Boolean, default=False)
    sous_prefet_nom: Mapped[str | None] = mapped_column(String(200))
    sous_prefet_email: Mapped[str | None] = mapped_column(String(200))
    note_de_contexte: Mapped[str | None] = mapped_column(Text)
    date_pressentie: Mapped[date | None] = mapped_column(Date)
    date_formalisee: Mapped[date | None] = mapped_column(Date)
    date_feuille_adoptee: Mapped[date | None] = mapped_column(Date)
    date_mise_en_oeuvre: Mapped[date | None] = mapped_column(Date)
    date_pre_feuille: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    coporteurs: Mapped[list[Coporteur]] = relationship(cascade="all, delete-orphan")
    comites: Mapped[list[Comite]] = relationship(cascade="all, delete-orphan")


class Coporteur(Base):
    __tablename__ = "coporteur"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gouvernance_id: Mapped[int] = mapped_column(ForeignKey("gouvernance.id", ondelete="CASCADE"), index=True)
    nom: Mapped[str] = mapped_column(String(250))
    type: Mapped[str | None] = mapped_column(String(32))
    siren: Mapped[str | None] = mapped_column(String(14))


class Comite(Base):
    __tablename__ = "comite"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gouvernance_id: Mapped[int] = mapped_column(ForeignKey("gouvernance.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    nom: Mapped[str | None] = mapped_column(String(200))
    frequence: Mapped[str | None] = mapped_column(String(16))
    partenaire: Mapped[str | None] = mapped_column(String(200))
    """The partner met, for a bilateral meeting (``type == "bilaterale"``)."""
    reunions: Mapped[list[ComiteReunion]] = relationship(cascade="all, delete-orphan")


class ComiteReunion(Base):
    """A dated meeting of a comité with its conclusions and decisions."""

    __tablename__ = "comite_reunion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comite_id: Mapped[int] = mapped_column(ForeignKey("comite.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    participants: Mapped[str | None] = mapped_column(Text)
    conclusions: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    prochaine_date: Mapped[date | None] = mapped_column(Date)
    heure: Mapped[str | None] = mapped_column(String(5))
    lieu: Mapped[str | None] = mapped_column(String(250))
    president: Mapped[str | None] = mapped_column(String(250))


class ReunionParticipant(Base):
    """The attendees of a meeting from one organisation (« Conseil départemental : M. X, Mme Y »)."""

    __tablename__ = "reunion_participant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reunion_id: Mapped[int] = mapped_column(ForeignKey("comite_reunion.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(250))
    personnes: Mapped[str | None] = mapped_column(Text)


class Decision(Base):
    """A decision of a meeting, followed up to the next one; ``version`` guards concurrent edits."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reunion_id: Mapped[int] = mapped_column(ForeignKey("comite_reunion.id", ondelete="CASCADE"), index=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    libelle: Mapped[str] = mapped_column(Text)
    responsable: Mapped[str | None] = mapped_column(String(250))
    echeance: Mapped[date | None] = mapped_column(Date)
    statut: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)


class JalonLocal(Base):
    """A national milestone moved for one département, with the reason and the document that moved it."""

    __tablename__ = "jalon_local"
    __table_args__ = (UniqueConstraint("code_departement", "jalon"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"))
    jalon: Mapped[str] = mapped_column(String(40))
    echeance: Mapped[date] = mapped_column(Date)
    motif: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))


# --- Feuilles de route --------------------------------------------------------


class FeuilleDeRoute(Base):
    __tablename__ = "feuille_de_route"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    nom: Mapped[str] = mapped_column(String(250))
    perimetre: Mapped[str | None] = mapped_column(String(32))
    porteur_nom: Mapped[str | None] = mapped_column(String(250))
    contrat_preexistant: Mapped[str | None] = mapped_column(String(16))
    date_adoption: Mapped[date | None] = mapped_column(Date)
    axes: Mapped[list[Axe]] = relationship(cascade="all, delete-orphan")


class Axe(Base):
    """A local strategic axis of a roadmap (neither State platform models them)."""

    __tablename__ = "axe"
    __table_args__ = (UniqueConstraint("feuille_de_route_id", "numero"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feuille_de_route_id: Mapped[int] = mapped_column(
        ForeignKey("feuille_de_route.id", ondelete="CASCADE"), index=True
    )
    numero: Mapped[int] = mapped_column(Integer)
    nom: Mapped[str] = mapped_column(String(300))
    engagement_national: Mapped[int | None] = mapped_column(Integer)
    """One of the 16 FNE engagements, set by an editor; ``None`` means guessed from ``nom`` when read."""
    actions: Mapped[list[Action]] = relationship(cascade="all, delete-orphan")


class Action(Base):
    """A roadmap action; ``version`` guards concurrent edits of status and percent."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    axe_id: Mapped[int] = mapped_column(ForeignKey("axe.id", ondelete="CASCADE"), index=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    nom: Mapped[str] = mapped_column(String(300))
    contexte: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    porteur_nom: Mapped[str | None] = mapped_column(String(250))
    statut: Mapped[str] = mapped_column(String(16))
    avancement: Mapped[int] = mapped_column(Integer, default=0)
    date_debut: Mapped[date | None] = mapped_column(Date)
    date_fin: Mapped[date | None] = mapped_column(Date)
    budget_global: Mapped[float | None] = mapped_column(Money)
    besoins: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    cofinancements: Mapped[list[Cofinancement]] = relationship(cascade="all, delete-orphan")
    subventions: Mapped[list[DemandeSubvention]] = relationship(cascade="all, delete-orphan")


class Cofinancement(Base):
    __tablename__ = "cofinancement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    financeur: Mapped[str] = mapped_column(String(250))
    montant: Mapped[float] = mapped_column(Money)


class DemandeSubvention(Base):
    __tablename__ = "demande_subvention"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    statut: Mapped[str] = mapped_column(String(16))
    montant: Mapped[float] = mapped_column(Money)
    date_depot: Mapped[date | None] = mapped_column(Date)


# --- Financing ----------------------------------------------------------------


class Enveloppe(Base):
    """A State envelope for a département (engineering dotation, training credits…)."""

    __tablename__ = "enveloppe"
    __table_args__ = (UniqueConstraint("code_departement", "type", "annee"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    libelle: Mapped[str] = mapped_column(String(250))
    annee: Mapped[int] = mapped_column(Integer)
    montant: Mapped[float] = mapped_column(Money)
    taux_prise_en_charge: Mapped[int | None] = mapped_column(Integer)
    """Share of the engineering contract the ANCT pays (33, 50, 80 or 100 %)."""
    personnes_prevues: Mapped[int | None] = mapped_column(Integer)
    personnes_formees: Mapped[int | None] = mapped_column(Integer)
    """Aidants Connect training: professionals the credits pay for, and those trained so far."""


class Convention(Base):
    """A convention passing part of an envelope to a structure: signed, committed, then paid."""

    __tablename__ = "convention"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    enveloppe_id: Mapped[int] = mapped_column(ForeignKey("enveloppe.id", ondelete="CASCADE"), index=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    structure: Mapped[str] = mapped_column(String(250))
    montant: Mapped[float] = mapped_column(Money)
    date_signature: Mapped[date | None] = mapped_column(Date)
    statut: Mapped[str] = mapped_column(String(16))
    montant_engage: Mapped[float] = mapped_column(Money, default=0)
    montant_verse: Mapped[float] = mapped_column(Money, default=0)


# --- Lieux de médiation numérique ---------------------------------------------


class Lieu(Base):
    """A lieu of the national schema v1.0.2 (the fields the pages need)."""

    __tablename__ = "lieu"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    pivot: Mapped[str | None] = mapped_column(String(20))
    nom: Mapped[str] = mapped_column(String(300))
    adresse: Mapped[str | None] = mapped_column(String(400))
    commune: Mapped[str | None] = mapped_column(String(200))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    code_insee: Mapped[str | None] = mapped_column(String(5), index=True)
    code_departement: Mapped[str | None] = mapped_column(ForeignKey("departement.code"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    placement: Mapped[str] = mapped_column(String(16))
    typologie: Mapped[str | None] = mapped_column(String(200))
    labels_nationaux: Mapped[str | None] = mapped_column(Text)
    services: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    date_maj: Mapped[date | None] = mapped_column(Date)


class LieuxSnapshot(Base):
    """Count of lieux in a département at a date, so that progress (110 → 138) shows."""

    __tablename__ = "lieux_snapshot"
    __table_args__ = (UniqueConstraint("date", "code_departement"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    nombre: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))


class LieuxObjectif(Base):
    """Target of lieux per département: the national split, and a local override kept apart."""

    __tablename__ = "lieux_objectif"
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), primary_key=True)
    objectif_national: Mapped[int] = mapped_column(Integer)
    objectif_local: Mapped[int | None] = mapped_column(Integer)
    source_local: Mapped[str | None] = mapped_column(String(250))


# --- National FNE indicators ---------------------------------------------------


class IndicateurReleve(Base):
    """The value of a national indicator in a département at the date of its data (one snapshot per import).

    The definitions and national targets are reference constants (``data_access.indicators``);
    the lieux keep their own snapshots (``lieux_snapshot``).
    """

    __tablename__ = "indicateur_releve"
    __table_args__ = (UniqueConstraint("indicateur", "date", "code_departement"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicateur: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[date] = mapped_column(Date)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    valeur: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))


class IndicateurDetail(Base):
    """A breakdown of a snapshot (themes, age bands, employment status, kind of support)."""

    __tablename__ = "indicateur_detail"
    __table_args__ = (UniqueConstraint("indicateur", "date", "code_departement", "dimension", "categorie"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicateur: Mapped[str] = mapped_column(String(32))
    date: Mapped[date] = mapped_column(Date)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), index=True)
    dimension: Mapped[str] = mapped_column(String(32))
    categorie: Mapped[str] = mapped_column(String(64))
    valeur: Mapped[int] = mapped_column(Integer)


class IndicateurObjectif(Base):
    """A target set locally by a département for an indicator; it replaces the population share."""

    __tablename__ = "indicateur_objectif"
    indicateur: Mapped[str] = mapped_column(String(32), primary_key=True)
    code_departement: Mapped[str] = mapped_column(ForeignKey("departement.code"), primary_key=True)
    objectif_local: Mapped[int] = mapped_column(Integer)
    source_local: Mapped[str | None] = mapped_column(String(250))


# --- Indice de fragilité numérique ---------------------------------------------


class IfnCommune(Base):
    __tablename__ = "ifn_commune"
    code_insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    no_thd_coverage_rate: Mapped[float | None] = mapped_column(Float)
    no_4g_coverage_rate: Mapped[float | None] = mapped_column(Float)
    poverty_rate: Mapped[float | None] = mapped_column(Float)
    older_65_rate: Mapped[float | None] = mapped_column(Float)
    nscol15p_rate: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)


class IfnEpci(Base):
    __tablename__ = "ifn_epci"
    code_epci: Mapped[str] = mapped_column(String(9), primary_key=True)
    no_thd_coverage_rate: Mapped[float | None] = mapped_column(Float)
    no_4g_coverage_rate: Mapped[float | None] = mapped_column(Float)
    poverty_rate: Mapped[float | None] = mapped_column(Float)
    older_65_rate: Mapped[float | None] = mapped_column(Float)
    nscol15p_rate: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)


# --- Bookkeeping ------------------------------------------------------------------


class ImportLog(Base):
    """Every accepted import: what, from which file (name, size, SHA-256), when, by whom, for which
    territory, and what it did; gives per-source freshness and the audit of imports.

    ``territoire`` is the writer's: ``national``, ``regional:24``, ``departement:28``. Rows
    logged before the audit columns existed have them empty.
    """

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    checksum: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    details: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(254))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    inserted: Mapped[int | None] = mapped_column(Integer)
    updated: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[int | None] = mapped_column(Integer)
    territoire: Mapped[str | None] = mapped_column(String(32), index=True)


class Utilisateur(Base):
    """A person allowed in: role and territory bound the data every read and write may reach.

    ``code_territoire`` is a région code for ``regional``, a département code for
    ``departement``, an EPCI code for ``epci`` and empty for ``national``.
    """

    __tablename__ = "utilisateur"
    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    code_territoire: Mapped[str | None] = mapped_column(String(9))
    actif: Mapped[bool] = mapped_column(Boolean, default=True)


class IdentiteRevoquee(Base):
    """A logout or a disabling: sign-ins of this subject or e-mail issued before ``revoquee_le``
    (naive UTC) are refused, whatever cookie still carries them."""

    __tablename__ = "identite_revoquee"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sujet: Mapped[str | None] = mapped_column(String(255), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    revoquee_le: Mapped[datetime] = mapped_column(DateTime)


class Audit(Base):
    """One changed field of one row: who, when, before, after."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modifie_le: Mapped[datetime] = mapped_column(DateTime, index=True)
    email: Mapped[str] = mapped_column(String(254))
    code_departement: Mapped[str] = mapped_column(String(3), index=True)
    objet: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(120))
    champ: Mapped[str] = mapped_column(String(64))
    avant: Mapped[str | None] = mapped_column(Text)
    apres: Mapped[str | None] = mapped_column(Text)


class StoreMeta(Base):
    """Key/value facts about the store itself, e.g. that it holds demo data."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


Index("ix_indicateur_detail_indicateur_date", IndicateurDetail.indicateur, IndicateurDetail.date)
Index("ix_lieu_dep_date_maj", Lieu.code_departement, Lieu.date_maj)
Index("ix_candidature_dep_persona", Candidature.code_departement, Candidature.persona)
Index("ix_candidature_territoire_type_code", CandidatureTerritoire.type, CandidatureTerritoire.code)
Index("ix_candidature_epci_statut", Candidature.code_epci, Candidature.statut)
