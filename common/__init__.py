"""Building blocks every app shares: dated ranges, the legal-rule registry, and the scoping plumbing
that the admin and the API use. It holds no models of its own and imports no app."""
