from voting_rp.cli import cli

cli()
