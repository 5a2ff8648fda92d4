"""An import run in a process of its own, that can be stopped at any moment.

Parsing and checking a large file holds Python's interpreter lock: run in the web
server's process, an import slowed every other user's page for as long as it lasted,
and went on after its uploader had left. Here it runs in a child process
(``python -m data_access.importers.worker``): the server only waits for it, and
``ImportJob.cancel`` kills it. Its transaction then dies with its connection, so a
stopped import writes nothing.

The request (kind, file, writer, dates, limits) goes to the child on its standard
input as JSON; the report, or the rejection with its located errors, comes back in
an answer file beside the imported one (a pipe could fill up and block the child).
The database URL goes through the environment, never the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from data_access.access import Viewer
from data_access.importers.context import ImportContext
from data_access.importers.issues import ImportIssue, ImportRejected, reject
from data_access.importers.report import DepartementCount, ImportReport
from data_access.importers.screening import Limits

DATABASE_VARIABLE = "FNE_IMPORT_DATABASE_URL"
NICENESS = 10
"""The child yields the processor to the web server: on a busy machine, pages come first."""


ANSWER_SUFFIX = ".reponse.json"


def _request(kind: str, path: Path, context: ImportContext) -> dict[str, object]:
    return {
        "kind": kind,
        "path": str(path),
        "answer": str(path) + ANSWER_SUFFIX,
        "writer": asdict(context.writer),
        "today": context.today.isoformat(),
        "data_date": context.data_date.isoformat() if context.data_date else None,
        "limits": asdict(context.limits),
    }


def _context(request: dict) -> ImportContext:
    writer = dict(request["writer"])
    departements = writer["departements"]
    writer["departements"] = None if departements is None else tuple(departements)
    return ImportContext(
        Viewer(**writer),
        today=date.fromisoformat(request["today"]),
        data_date=date.fromisoformat(request["data_date"]) if request["data_date"] else None,
        limits=Limits(**request["limits"]),
    )


def report_to_json(report: ImportReport) -> dict[str, object]:
    data = asdict(report)
    data["data_date"] = report.data_date.isoformat() if report.data_date else None
    return data


def report_from_json(data: dict) -> ImportReport:
    values = {field.name: data[field.name] for field in fields(ImportReport) if field.name in data}
    values["departements"] = [DepartementCount(**item) for item in data.get("departements", [])]
    values["data_date"] = date.fromisoformat(data["data_date"]) if data.get("data_date") else None
    return ImportReport(**values)


class ImportJob:
    """One import running in a child process; ``result`` waits for it, ``cancel`` kills it."""

    def __init__(self, database_url: str, kind: str, path: Path, context: ImportContext) -> None:
        self.started = time.monotonic()
        self.filename = Path(path).name
        self._answer = Path(str(path) + ANSWER_SUFFIX)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "data_access.importers.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, DATABASE_VARIABLE: database_url},
        )
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(_request(kind, Path(path), context)).encode())
        self._process.stdin.close()

    @property
    def pid(self) -> int:
        return self._process.pid

    def done(self) -> bool:
        return self._process.poll() is not None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wait(self, timeout: float | None = None) -> bool:
        """Wait at most ``timeout`` seconds; True once the child has ended."""
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def result(self) -> ImportReport:
        """The report of the finished import; raises ``ImportRejected`` as the import did."""
        self._process.wait()
        try:
            answer = json.loads(self._answer.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            raise reject(
                self.filename, "l'import s'est interrompu avant la fin ; rien n'a été enregistré"
            ) from None
        if "report" in answer:
            return report_from_json(answer["report"])
        if "failed" in answer:
            raise reject(self.filename, answer["failed"])
        errors = [ImportIssue(**issue) for issue in answer["rejected"]]
        raise ImportRejected(errors, answer["total"])

    def cancel(self) -> None:
        """Kill the child if it still runs: its transaction is rolled back with its connection."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()


def main() -> int:
    """The child: read the request, import, answer with the report or the rejection."""
    from sqlalchemy.exc import SQLAlchemyError

    from data_access.db import make_engine
    from data_access.importers import import_file

    os.nice(NICENESS)
    request = json.loads(sys.stdin.read())
    engine = make_engine(os.environ[DATABASE_VARIABLE])
    try:
        report = import_file(engine, request["kind"], Path(request["path"]), _context(request))
        answer: dict[str, object] = {"report": report_to_json(report)}
    except ImportRejected as rejected:
        answer = {"rejected": [asdict(issue) for issue in rejected.errors], "total": rejected.total}
    except SQLAlchemyError:
        answer = {
            "failed": "la base de données a refusé l'écriture ou ne répond pas ; rien n'a été enregistré"
        }
    finally:
        engine.dispose()
    Path(request["answer"]).write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
