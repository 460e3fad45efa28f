"""Every protocol check of the mock, per endpoint, each module in specification order."""
