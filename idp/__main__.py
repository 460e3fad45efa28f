from idp.cli import cli

cli()
