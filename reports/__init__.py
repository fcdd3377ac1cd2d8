"""Reports for municipal officers and administrators: aggregates over a territory and a period,
never a person's data. Reads every other app through ``aggregate_scope``; nothing imports it."""
