"""One's own account: profile, email, password, the data export, and leaving."""
