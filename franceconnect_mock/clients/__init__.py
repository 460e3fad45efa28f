"""The service providers registered with the mock, as the FranceConnect partner space holds them."""
