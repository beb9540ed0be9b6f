"""Pure domain code of Slipway: spec language, Blueprint IR, rules, classification, synthesis.

Nothing in this package does I/O (no database, network or clock): workflows may call it freely.
"""
