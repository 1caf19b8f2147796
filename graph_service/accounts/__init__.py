"""Accounts of the coordinators' workspace: roles, password hashes, sign-in throttling (SQLite, never in the graph).

An account has a pseudonymous id (``k-…``), which is all that provenance ever names; its sign-in name may be a
function mailbox (``bildungsbuero@kreis.de``), so no person's name is needed anywhere.
"""

from graph_service.accounts.store import ROLES, Account, AccountError, Accounts, Throttled

__all__ = ["ROLES", "Account", "AccountError", "Accounts", "Throttled"]
