"""Validators and readers shared by every importer (no database): values, sources."""

from __future__ import annotations

from datetime import date

import pytest

from data_access.importers.lieux import place_name
from data_access.importers.sources import Source, read_table
from data_access.importers.values import (
    coordinates_in_france,
    parse_amount,
    parse_date,
    parse_departement,
    parse_insee,
    parse_percent,
    parse_siren,
    split_multi,
)


@pytest.mark.parametrize("code", ["28085", "2A004", "2B033", "97101", "97611", "01001"])
def test_insee_codes_accepted(code):
    assert parse_insee(code) == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("2800", "code INSEE attendu sur 5 caractères"),
        ("280850", "code INSEE attendu sur 5 caractères"),
        ("2C004", "code INSEE attendu : 5 chiffres, ou 2A/2B suivi de 3 chiffres"),
        ("20004", "code INSEE attendu : 5 chiffres, ou 2A/2B suivi de 3 chiffres"),
    ],
)
def test_insee_codes_refused(code, reason):
    with pytest.raises(ValueError, match=reason):
        parse_insee(code)


def test_siren_luhn():
    assert parse_siren("200 033 181") == "200033181"
    assert parse_siren("356000000") == "356000000"  # La Poste, the documented exception to Luhn
    with pytest.raises(ValueError, match="clé de contrôle"):
        parse_siren("200033182")
    with pytest.raises(ValueError, match="9 chiffres"):
        parse_siren("20003318")


def test_departements():
    assert [parse_departement(code) for code in ("1", "2a", "976", "95")] == ["01", "2A", "976", "95"]
    assert [parse_departement(code) for code in ("975", "977", "988")] == ["975", "977", "988"]
    for code in ("20", "96", "984", "989", "100"):
        with pytest.raises(ValueError, match="code département inconnu"):
            parse_departement(code)


@pytest.mark.parametrize(
    ("latitude", "longitude", "inside"),
    [
        (48.4469, 1.489, True),  # Chartres
        (41.9192, 8.7386, True),  # Ajaccio
        (16.2411, -61.5331, True),  # Pointe-à-Pitre
        (4.9224, -52.3135, True),  # Cayenne
        (-20.8789, 55.4481, True),  # Saint-Denis de La Réunion
        (-12.7806, 45.2278, True),  # Mamoudzou
        (-22.2758, 166.458, True),  # Nouméa
        (1.489, 48.4469, False),  # swapped
        (0.0, 0.0, False),
        (51.5072, -0.1276, False),  # London
        (40.4168, -3.7038, False),  # Madrid
    ],
)
def test_coordinates_in_france(latitude, longitude, inside):
    assert coordinates_in_france(latitude, longitude) is inside


def test_dates_amounts_percent():
    assert parse_date("2024-03-12") == date(2024, 3, 12)
    assert parse_date("12/03/2024") == date(2024, 3, 12)
    assert parse_date("2023-11-02T10:15:00+01:00") == date(2023, 11, 2)
    assert parse_date("2024-04-02T08:00:00.000Z") == date(2024, 4, 2)
    for bad in ("2024-02-30", "03/2024", "12.03.2024"):
        with pytest.raises(ValueError, match="AAAA-MM-JJ ou JJ/MM/AAAA"):
            parse_date(bad)
    assert parse_amount("42 500") == 42_500
    assert parse_amount("42\u202f500,50 €") == 42_500.5
    assert parse_amount("1.234.567,89") == 1_234_567.89
    assert parse_amount("5026700") == 5_026_700
    with pytest.raises(ValueError, match="montant en euros"):
        parse_amount("-10")
    assert parse_percent("100 %") == 100
    assert parse_percent("37,5") == 38
    with pytest.raises(ValueError, match="entre 0 et 100"):
        parse_percent("120")


def test_postcode_and_name_matching(geo_engine):
    from data_access.importers.lieux import Gazetteer

    with geo_engine.connect() as connection:
        gazetteer = Gazetteer(connection)
    assert gazetteer.by_postcode_and_name("35000", "RENNES").code == "35238"
    assert gazetteer.by_postcode_and_name("35000", "Rennes-Centre").code == "35238"
    assert gazetteer.by_postcode_and_name("28109", "LUCÉ CEDEX").code == "28218"
    assert gazetteer.by_postcode_and_name("45999", "Nulle-Part") is None
    assert gazetteer.departement_of_postcode("45999") == "45"
    assert gazetteer.departement_of_postcode("98800") is None


def test_multi_values_and_place_names():
    assert split_multi("CNFS;France Services|CNFS; ") == ["CNFS", "France Services"]
    assert place_name("ST-ÉTIENNE") == place_name("Saint-Etienne") == "saint etienne"
    assert place_name("MARSEILLE 11", base=True) == "marseille"
    assert place_name("Lucé Cedex", base=True) == "luce"


def test_csv_reader_encodings_separators_and_physical_lines():
    text = 'id;nom;adresse\r\n1;"Médiathèque";"12 rue\r\ndes Écoles"\r\n\r\n2;Mairie;Place\r\n'
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-8")):
        table = read_table(Source("f.csv", data))
        assert table.columns == ["id", "nom", "adresse"]
        assert [(row.line, row.get("nom")) for row in table.rows] == [(2, "Médiathèque"), (5, "Mairie")]
        assert table.rows[0].get("adresse") == "12 rue\r\ndes Écoles"
    comma = read_table(Source("f.csv", b'ID , Nom\n1,"Chartres, centre"\n'))
    assert comma.columns == ["id", "nom"] and comma.rows[0].get("nom") == "Chartres, centre"
