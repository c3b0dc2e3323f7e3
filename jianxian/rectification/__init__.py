"""Problem lists and rectification ledgers (问题清单 / 整改台账)."""
