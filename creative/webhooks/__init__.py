"""Signed webhooks (Standard Webhooks): endpoints a workspace registers, events emitted on commit, deliveries
retried with back-off for a day by Huey tasks (issue 18)."""
