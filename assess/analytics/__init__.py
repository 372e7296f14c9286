"""Analytics: pure functions from store records to results that charts and reports draw."""
