"""The citizen's screens, from the attract screen to leaving."""
