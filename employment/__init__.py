"""Work: vocational practice, work training and internships, employment with any employer within
the legal limits for disabled workers, the expected wage subsidy, cooperative membership,
follow-ups after hiring, reintegration plans, and the participant's path derived from all the
dated records. The cooperative never writes the workshop's records: a hire creates a task for WTZ
staff."""
