"""``kg inspect`` and ``kg build``: documents in."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.options import metadata_options, overrides_from, reports_errors, store_option


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document tree as JSON.")
@metadata_options
@reports_errors
def inspect(path: Path, as_json: bool, jurisdiction, level, year, doc_type, encoding) -> None:
    """Show how a document was read: metadata, section/item tree and counts."""
    from kg.ingest import read_document
    from kg.views.inspect import document_to_dict, render_document

    document = read_document(path, encoding=encoding,
                             overrides=overrides_from(jurisdiction, level, year, doc_type))
    if as_json:
        click.echo(json.dumps(document_to_dict(document), ensure_ascii=False, indent=2))
    else:
        click.echo(render_document(document))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@metadata_options
@click.option("--metadata", "sidecar", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV or YAML file giving jurisdiction/level/year/type per input file.")
@click.option("-q", "--quiet", is_flag=True, help="Print the summary only.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any document failed.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes extracting in parallel, each loading the pipeline once.  [default: "
                   "the number of cores, fewer for a small batch, where starting a worker costs more than it "
                   "saves]")
@click.option("--force", is_flag=True,
              help="Rebuild documents that are unchanged since they were built (same content and emkg "
                   "version).")
@click.option("--dask-scheduler", metavar="ADDRESS",
              help="Extract on a Dask cluster (e.g. tcp://host:8786); this process writes the store. "
                   "Needs pip install 'emkg[dask]'.")
@reports_errors
def build(paths: tuple[Path, ...], store_dir: Path, jurisdiction, level, year, doc_type, encoding,
          sidecar: Path | None, quiet: bool, strict: bool, jobs: int | None, force: bool,
          dask_scheduler: str | None) -> None:
    """Read, extract and store plan documents (files or folders).

    Re-building a document replaces its graph; a document unchanged since it was built (same bytes, same
    emkg version, same metadata options) is skipped unless --force. Nothing else is removed from the store.
    A document that cannot be built is reported by name and the rest go on; exits non-zero only when
    nothing could be built (with --strict: when any failed). A store has one writer at a time: while
    another kg process writes it, the build fails at once with "store is in use" (it does not wait);
    readers (kg query, kg list, kg serve) may go on reading it.
    """
    from kg.builder import build as build_plans

    def progress(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    report = build_plans(list(paths), store=store_dir, encoding=encoding, sidecar=sidecar,
                         overrides=overrides_from(jurisdiction, level, year, doc_type), progress=progress,
                         jobs=jobs, force=force, dask_scheduler=dask_scheduler)
    click.echo(report.summary())
    if not report.ok or (strict and report.failed):
        sys.exit(1)
