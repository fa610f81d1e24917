"""HTTP routes of the Portal API, one module per resource."""
