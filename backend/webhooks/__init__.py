"""Webhooks for team chat: what the site posts to Slack-compatible or generic receivers."""
