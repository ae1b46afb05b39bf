"""Single sign-on through the company's OpenID Connect provider (Authlib does the protocol)."""
