"""Statutory returns: the DfE Children in Need census and Ofsted's Annex A.
Today this room holds the census code lists that the front door records as it
goes; the returns themselves are built from the per-child record."""
