from franceconnect_mock.cli import cli

cli()
