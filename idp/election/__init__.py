"""The election the portal serves: its window, académies, scrutins and candidate lists."""
