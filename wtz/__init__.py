"""Occupational therapy workshops (WTZ): the workshop, its dated contracted places, its rooms
(pracownie) and the staff assigned to it. A user's WTZ role and scope come from these
assignments."""
