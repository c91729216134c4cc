"""Syndication bookkeeping: what partners must be told about articles that went away."""
