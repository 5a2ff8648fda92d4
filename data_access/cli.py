"""Command line of the store: ``python -m data_access COMMANDE``.

Exit codes: 0 success, 1 rejected input (French report on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Engine

from data_access.access import viewer_for
from data_access.db import make_engine
from data_access.importers import (
    IMPORTERS,
    KIND_LABELS,
    OPERATOR,
    ImportContext,
    ImportRejected,
    import_file,
    write_template,
)


class FrenchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse with its own messages in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {_translate(message)}\n")


def _translate(message: str) -> str:
    replacements = {
        "the following arguments are required": "arguments obligatoires manquants",
        "argument ": "argument ",
        "invalid choice": "choix invalide",
        "choose from": "choisir parmi",
        "unrecognized arguments": "arguments non reconnus",
        "invalid int value": "entier invalide",
        "invalid float value": "nombre invalide",
        "invalid _iso_date value": "date invalide",
        "expected one argument": "une valeur est attendue",
    }
    for english, french in replacements.items():
        message = message.replace(english, french)
    return message


def build_parser() -> argparse.ArgumentParser:
    kinds = "\n".join(f"  {kind:<18} {label}" for kind, label in KIND_LABELS.items())
    parser = FrenchParser(
        prog="python -m data_access",
        description="Gestion de la base du tableau de bord France Numérique Ensemble.",
        epilog="La base est désignée par la variable d'environnement DATABASE_URL "
        "(par défaut : data/fne.sqlite).",
    )
    commands = parser.add_subparsers(
        dest="command", title="commandes", metavar="COMMANDE", parser_class=FrenchParser
    )
    commands.required = True

    def command(name: str, help_text: str, **options: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, **options)

    command("upgrade", "mettre le schéma de la base à jour (migrations Alembic)")
    command("geography", "charger la géographie de référence (régions, départements, EPCI, communes)")
    demo = command("demo", "remplacer les données par le jeu de démonstration déterministe")
    demo.add_argument("--scale", type=float, default=1.0, help="taille relative du jeu (défaut : 1)")
    demo.add_argument("--seed", type=int, default=None, help="graine du générateur aléatoire")
    importer = command("import", "importer un fichier (tout ou rien)", epilog="Types :\n" + kinds)
    importer.add_argument(
        "kind", choices=list(IMPORTERS), metavar="TYPE", help="type de fichier (voir ci-dessous)"
    )
    importer.add_argument("file", type=Path, metavar="FICHIER", help="fichier CSV, XLSX ou JSON à importer")
    importer.add_argument(
        "--date",
        type=_iso_date,
        metavar="AAAA-MM-JJ",
        help="date des données (lieux : date du relevé ; par défaut celle du nom du fichier, "
        "sinon la dernière date_maj)",
    )
    importer.add_argument(
        "--utilisateur",
        metavar="COURRIEL",
        help="importer au nom de cet utilisateur, tenu à son territoire (par défaut : opérateur national)",
    )
    template = command("template", "écrire un modèle vierge de fichier", epilog="Types :\n" + kinds)
    template.add_argument("kind", choices=list(IMPORTERS), metavar="TYPE", help="type de modèle")
    template.add_argument("out", type=Path, metavar="SORTIE", help="fichier CSV à écrire")
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ : « {text} »") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "template":
        write_template(args.kind, args.out)
        print(f"Modèle « {args.kind} » écrit dans {args.out}")
        return 0
    engine = make_engine(statement_seconds=0)  # an operator's import or migration may rightly run long
    try:
        return _run(args, engine)
    finally:
        engine.dispose()


def _run(args: argparse.Namespace, engine: Engine) -> int:
    if args.command == "upgrade":
        from data_access.migrate import upgrade

        upgrade(engine)
        print("Schéma de la base à jour.")
        return 0
    if args.command == "geography":
        from data_access.geography import load_geography

        load_geography(engine)
        print("Géographie de référence chargée.")
        return 0
    if args.command == "demo":
        from data_access.demo import generate_demo

        options = {"scale": args.scale} | ({"seed": args.seed} if args.seed is not None else {})
        print(generate_demo(engine, **options))
        return 0
    writer = OPERATOR
    if args.utilisateur:
        found = viewer_for(engine, args.utilisateur)
        if found is None:
            print(f"Utilisateur inconnu ou inactif : « {args.utilisateur} ».", file=sys.stderr)
            return 1
        writer = found
    started = time.perf_counter()
    try:
        report = import_file(engine, args.kind, args.file, ImportContext(writer, data_date=args.date))
    except ImportRejected as rejected:
        print(rejected.message_fr(), file=sys.stderr)
        return 1
    print(report.message_fr())
    print(f"Durée : {time.perf_counter() - started:.1f} s".replace(".", ","))
    return 0
