"""Project configuration: settings, root URLs, the API router and the admin site that compose
the apps."""
