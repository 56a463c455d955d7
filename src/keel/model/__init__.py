"""Value types shared by every layer of Keel: enums, symbols, market data and orders."""
