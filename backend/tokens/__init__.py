"""Personal API tokens: scripts and bots act as their owner, with read or read-write scope."""
