"""The ``kg`` command: parse options, call the library, print.

One module per area registers its commands on the group below. Every command imports what it needs
inside its body, so ``kg --help`` stays fast (no spaCy, pyoxigraph or rdflib at start-up). Domain errors
(:class:`kg.errors.KGError`) become one readable line and a non-zero exit; progress goes to stderr,
data to stdout.
"""

from __future__ import annotations

import click

from kg import __version__
from kg.cli import compare, documents, evaluate, query, serve, store, viz


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="emkg")
def cli() -> None:
    """emkg: knowledge graphs of emergency-management plans.

    Build plans into a store, then query, inspect, export and validate it.
    """


for command in (documents.inspect, documents.build, store.list_plans, store.remove, store.export,
                store.load, store.validate, query.query, evaluate.evaluate, compare.compare, viz.viz,
                serve.serve, serve.push):
    cli.add_command(command)
