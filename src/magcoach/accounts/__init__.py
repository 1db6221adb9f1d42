"""Shared (clinic) mode: accounts, sessions, invitations and their security rules.

`security` holds the pure rules (hashing, tokens, limits); the data lives in
`magcoach.store.accounts` and the use cases in `magcoach.app.accounts` / `magcoach.app.clinic`.
The shipped list of common passwords is `data/common-passwords.txt` (its header says where it
comes from).
"""
