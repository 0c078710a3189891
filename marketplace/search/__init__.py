"""Product search for the storefront and the API: see ``marketplace.search.service``."""
