"""One module per card profile: how to read it (file layouts, parsers, command sequences)."""
