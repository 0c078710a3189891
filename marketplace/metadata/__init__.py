"""Saleor-style metadata (public and private key/value strings) for objects of other apps,
kept here and linked by content type so that no other app's model changes."""
