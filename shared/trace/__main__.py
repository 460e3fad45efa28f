from shared.trace.cli import cli

cli()
