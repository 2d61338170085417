"""Delivery: content security policy, stylesheet, hashed asset names, compression."""
