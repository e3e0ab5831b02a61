"""Helpers every app may import and that import no app: GOV.UK form fields,
shared answer sets and date arithmetic. Nothing here knows about children,
requests or areas."""
