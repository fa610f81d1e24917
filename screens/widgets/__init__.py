"""Small widgets shared by several screens; each owns its messages and keeps itself up to date."""
