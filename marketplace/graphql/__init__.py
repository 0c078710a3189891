"""The Saleor-compatible GraphQL API at /graphql/: thin adapters from the OTOP domain onto Saleor's schema."""
