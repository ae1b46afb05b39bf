"""Community health for facilitators: how many ask, how soon they are helped, who takes part."""
