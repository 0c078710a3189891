"""Quote requests, quotes and their acceptance (issue 14) as typed extension fields in Saleor's style."""
