"""Participants: the person (identity only), their disability certificates, consents and
representatives, the organiser's reserve list and the workshop's vacancies, enrolment and exit,
readiness for work and referral to the cooperative, the rehabilitation programme, evaluations,
progress notes, attendance, and the log of who read whose record. Health data lives in its own
tables, seen only by the staff of the person's workshop."""
