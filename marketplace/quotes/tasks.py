"""The quotes' scheduled jobs and e-mail jobs."""
