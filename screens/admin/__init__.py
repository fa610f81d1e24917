"""The operator's hidden screens: the admin PIN dialog and the admin screen."""
