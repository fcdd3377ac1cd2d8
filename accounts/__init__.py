"""Accounts: the user, login and the user's language. It imports no domain app.

A user's roles are not stored here: they derive from the scope assignments the domain apps hold
(WTZ staff assignments, cooperative managers, territory officers) and are composed in config/.
"""
