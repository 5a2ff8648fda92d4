"""The naive baseline: the same figures as each page, computed by reading whole tables into pandas.

This is what the data layer's rule forbids (« never whole tables pulled into
pandas to aggregate »); timing it beside the real pages shows what the SQL
aggregation and the cache buy. Each function reads every table the page draws
from with ``pandas.read_sql``, filters the territory in Python and aggregates
with ``groupby``, producing roughly the frames the page shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
from sqlalchemy import Engine, text

from data_access.scope import Territory
from data_access.vocabulary import MILESTONES

TODAY = date(2025, 11, 1)
"""The demo store's « today » (``data_access.demo.DEMO_TODAY``)."""


def read_tables(engine: Engine, *names: str) -> dict[str, pd.DataFrame]:
    with engine.connect() as connection:
        return {name: pd.read_sql(text(f"SELECT * FROM {name}"), connection) for name in names}


def departements_of(territory: Territory, tables: dict[str, pd.DataFrame]) -> set[str] | None:
    """Codes of the territory's départements (``None`` = all), found in Python."""
    if territory.level == "national":
        return None
    if territory.level == "region":
        departements = tables["departement"]
        return set(departements.loc[departements["code_region"] == territory.code, "code"])
    if territory.level == "departement":
        return {str(territory.code)}
    epci = tables["epci"]
    return set(epci.loc[epci["code"] == territory.code, "code_departement"])


def in_scope(frame: pd.DataFrame, codes: set[str] | None, column: str = "code_departement") -> pd.DataFrame:
    return frame if codes is None else frame[frame[column].isin(codes)]


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def synthese(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(
        engine,
        "departement",
        "gouvernance",
        "candidature",
        "lieu",
        "lieux_objectif",
        "action",
        "ifn_commune",
        "commune",
        "import_log",
    )
    codes = departements_of(territory, tables)
    gouvernance = in_scope(tables["gouvernance"], codes)
    lieux = in_scope(tables["lieu"], codes)
    objectifs = in_scope(tables["lieux_objectif"], codes)
    communes = in_scope(tables["commune"], codes)
    ifn = tables["ifn_commune"].merge(communes, on="code_insee")
    log = tables["import_log"]
    return {
        "stages": gouvernance.groupby("etape").size(),
        "candidatures": in_scope(tables["candidature"], codes).groupby(["statut", "persona"]).size(),
        "lieux": len(lieux),
        "objectif": objectifs["objectif_local"].fillna(objectifs["objectif_national"]).sum(),
        "actions": in_scope(tables["action"], codes).groupby("statut")["avancement"].agg(["size", "mean"]),
        "ifn": (ifn["total"] * ifn["population"]).sum() / max(ifn["population"].sum(), 1),
        "freshness": log.groupby("kind")["imported_at"].max(),
    }


def gouvernance(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(engine, "departement", "gouvernance", "coporteur", "comite", "comite_reunion")
    codes = departements_of(territory, tables)
    departements = in_scope(tables["departement"], codes, "code")
    gouvernances = departements.merge(
        tables["gouvernance"], left_on="code", right_on="code_departement", how="left"
    )
    coporteurs = tables["coporteur"].groupby("gouvernance_id").size().rename("coporteurs")
    comites = tables["comite"].merge(
        tables["comite_reunion"], left_on="id", right_on="comite_id", how="left", suffixes=("", "_reunion")
    )
    meetings = comites.groupby("gouvernance_id").agg(comites=("id", "nunique"), derniere=("date", "max"))
    detail = gouvernances.merge(coporteurs, left_on="id", right_index=True, how="left").merge(
        meetings, left_on="id", right_index=True, how="left"
    )
    lateness = {
        key: ((_dates(detail[column]).isna()) & (pd.Timestamp(deadline) < pd.Timestamp(TODAY))).sum()
        for key, (_label, deadline, column) in MILESTONES.items()
        if deadline is not None and column in detail
    }
    return {"stages": detail.groupby("etape", dropna=False).size(), "detail": detail, "lateness": lateness}


def candidatures(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(engine, "departement", "epci", "candidature", "candidature_territoire")
    codes = departements_of(territory, tables)
    forms = in_scope(tables["candidature"], codes)
    sent = _dates(forms["date_envoi"]).dropna()
    weekly = sent.dt.to_period("W").value_counts().sort_index().cumsum()
    covered = set(forms["code_epci"].dropna())
    covering = tables["candidature_territoire"]
    covered |= set(covering.loc[covering["type"] == "epci", "code"])
    epci = in_scope(tables["epci"], codes)
    return {
        "by_persona": forms.groupby(["persona", "intention"]).size(),
        "by_status": forms.groupby("statut").size(),
        "weekly": weekly,
        "epci_missing": epci[~epci["code"].isin(covered)],
    }


def lieux(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(engine, "departement", "epci", "lieu", "lieux_objectif", "lieux_snapshot")
    codes = departements_of(territory, tables)
    places = in_scope(tables["lieu"], codes)
    objectifs = in_scope(tables["lieux_objectif"], codes)
    counts = places.groupby("code_departement").size().rename("lieux")
    per_departement = objectifs.merge(counts, left_on="code_departement", right_index=True, how="left")
    labels = places["labels_nationaux"].dropna().str.split("|").explode().value_counts()
    types = places["typologie"].dropna().str.split("|").explode().value_counts()
    age = (pd.Timestamp(TODAY) - _dates(places["date_maj"])).dt.days
    bands = pd.cut(age, [-1, 182, 365, 547, 100_000]).value_counts(dropna=False)
    snapshots = in_scope(tables["lieux_snapshot"], codes).groupby("date")["nombre"].sum()
    points = places[["id", "nom", "latitude", "longitude", "typologie"]].dropna(subset=["latitude"])
    return {
        "per_departement": per_departement,
        "labels": labels,
        "types": types,
        "freshness": bands,
        "evolution": snapshots,
        "points": points,
    }


def fragilite(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(engine, "departement", "epci", "commune", "ifn_commune", "lieu")
    codes = departements_of(territory, tables)
    communes = in_scope(tables["commune"], codes).merge(tables["ifn_commune"], on="code_insee", how="left")
    communes["weighted"] = communes["total"] * communes["population"]
    per_departement = communes.groupby("code_departement").agg(
        weighted=("weighted", "sum"), population=("population", "sum"), communes=("code_insee", "size")
    )
    per_departement["ifn"] = per_departement["weighted"] / per_departement["population"]
    with_lieu = set(tables["lieu"]["code_insee"].dropna())
    fragile = communes[(communes["total"] >= 7) & ~communes["code_insee"].isin(with_lieu)]
    return {
        "per_departement": per_departement,
        "communes": communes if territory.level != "national" else None,
        "fragile_without_lieu": fragile.sort_values("population", ascending=False),
    }


def feuille_de_route(engine: Engine, territory: Territory) -> dict[str, object]:
    tables = read_tables(
        engine,
        "departement",
        "feuille_de_route",
        "axe",
        "action",
        "cofinancement",
        "demande_subvention",
        "enveloppe",
    )
    codes = departements_of(territory, tables)
    feuilles = in_scope(tables["feuille_de_route"], codes)
    axes = tables["axe"].merge(feuilles, left_on="feuille_de_route_id", right_on="id", suffixes=("", "_fdr"))
    actions = tables["action"].merge(axes, left_on="axe_id", right_on="id", suffixes=("", "_axe"))
    cofinancements = tables["cofinancement"].groupby("action_id")["montant"].sum().rename("cofinance")
    subventions = tables["demande_subvention"].groupby(["action_id", "statut"])["montant"].sum().unstack()
    detail = actions.merge(cofinancements, left_on="id", right_index=True, how="left").merge(
        subventions, left_on="id", right_index=True, how="left"
    )
    overdue = detail[(_dates(detail["date_fin"]) < pd.Timestamp(TODAY)) & (detail["statut"] != "terminee")]
    return {
        "by_axis": detail.groupby(["nom_axe", "statut"]).agg(
            actions=("id", "size"), avancement=("avancement", "mean")
        ),
        "overdue": overdue,
        "budget": detail[["budget_global", "cofinance"]].sum(),
        "enveloppes": in_scope(tables["enveloppe"], codes).groupby("type")["montant"].sum(),
    }


def comparaison(engine: Engine, territory: Territory) -> dict[str, object]:
    """Every indicator per département of the région (the département's région below that level)."""
    tables = read_tables(
        engine,
        "departement",
        "epci",
        "gouvernance",
        "candidature",
        "lieu",
        "lieux_objectif",
        "commune",
        "ifn_commune",
        "action",
    )
    departements = tables["departement"]
    codes = departements_of(territory, tables)
    if territory.level != "national" and codes:
        regions = departements.loc[departements["code"].isin(codes), "code_region"]
        codes = set(departements.loc[departements["code_region"].isin(set(regions)), "code"])
    frame = in_scope(departements, codes, "code").set_index("code")
    frame["etape"] = in_scope(tables["gouvernance"], codes).set_index("code_departement")["etape"]
    forms = in_scope(tables["candidature"], codes)
    frame["candidatures"] = forms.groupby("code_departement").size()
    epci = in_scope(tables["epci"], codes)
    frame["part_epci"] = (
        epci.assign(candidat=epci["code"].isin(set(forms["code_epci"].dropna())))
        .groupby("code_departement")["candidat"]
        .mean()
    )
    frame["lieux"] = in_scope(tables["lieu"], codes).groupby("code_departement").size()
    frame["objectif"] = in_scope(tables["lieux_objectif"], codes).set_index("code_departement")[
        "objectif_national"
    ]
    communes = in_scope(tables["commune"], codes).merge(tables["ifn_commune"], on="code_insee")
    communes["weighted"] = communes["total"] * communes["population"]
    by_departement = communes.groupby("code_departement")[["weighted", "population"]].sum()
    frame["ifn"] = by_departement["weighted"] / by_departement["population"]
    frame["avancement"] = in_scope(tables["action"], codes).groupby("code_departement")["avancement"].mean()
    return {"comparison": frame.sort_values("lieux", ascending=False)}


def journal(engine: Engine, territory: Territory) -> dict[str, object]:
    """The meetings of the territory's comités, latest first."""
    tables = read_tables(engine, "departement", "epci", "gouvernance", "comite", "comite_reunion")
    codes = departements_of(territory, tables)
    gouvernances = in_scope(tables["gouvernance"], codes)[["id", "code_departement"]]
    comites = tables["comite"].merge(
        gouvernances, left_on="gouvernance_id", right_on="id", suffixes=("", "_gouvernance")
    )
    meetings = tables["comite_reunion"].merge(
        comites, left_on="comite_id", right_on="id", suffixes=("", "_comite")
    )
    return {"meetings": meetings.sort_values("date", ascending=False)}


def historique(engine: Engine, territory: Territory) -> dict[str, object]:
    """The latest changes of the territory: the whole audit trail read, filtered and sorted in pandas."""
    tables = read_tables(engine, "departement", "epci", "audit")
    changes = in_scope(tables["audit"], departements_of(territory, tables))
    return {"log": changes.sort_values(["modifie_le", "id"], ascending=False).head(300)}


def admin(engine: Engine, territory: Territory) -> dict[str, object]:
    """The import history and the accounts, from the whole tables."""
    del territory  # the administration page is national
    tables = read_tables(engine, "import_log", "utilisateur")
    return {
        "history": tables["import_log"].sort_values("imported_at", ascending=False).head(20),
        "accounts": tables["utilisateur"],
    }


NAIVE: dict[str, Callable[[Engine, Territory], dict[str, object]]] = {
    "summary": synthese,
    "governance": gouvernance,
    "candidatures": candidatures,
    "lieux": lieux,
    "fragility": fragilite,
    "roadmaps": feuille_de_route,
    "comparison": comparaison,
    "copil": synthese,
    "meetings": journal,
    "history": historique,
    "admin": admin,
}
"""Page name (script stem) → its naive baseline (the COPIL mode shows the synthesis panels)."""
