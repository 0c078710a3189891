"""Sales channels, as in Saleor: a domestic channel priced in THB and an international one in USD."""
