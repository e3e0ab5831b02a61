"""Children known to the service across requests: person records, matching a
newly named child to them, and re-referral counts. Per-child episodes of need
will live here too."""
