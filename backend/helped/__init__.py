"""Thanks ("this helped me"): a one-click thanks on an answer, one per person and answer, no reputation."""
