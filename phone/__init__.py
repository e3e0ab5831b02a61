"""The staff phone route: a hub worker records an urgent phoned referral and
gives the caller a reference; the written request must follow within 24 hours
(rule 8). The call record itself (requests_app.PhoneReferral) belongs with the
request it becomes."""
