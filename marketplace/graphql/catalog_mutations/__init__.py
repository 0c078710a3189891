"""Saleor's product mutations for what producers do: the content (``productUpdate``, ``productTranslate``,
``productMedia*``) goes to moderation, stock and prices apply at once; each only on the caller's own
products (``access.py``)."""
