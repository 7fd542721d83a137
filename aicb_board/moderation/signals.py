"""What the moderation engine announces, for search, mail and any later listener.

Each signal is sent inside the transaction that made the change, with the item as the
sender: a listener that writes rows (a search queue entry, a mail in the outbox) writes
them in the same transaction, so they exist exactly when the change was committed.
Moderation never learns who listens.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# The item became public (listed), or stayed public while something that listing reads
# changed (a renewed closing date).
published = _signals.signal("published")
# The approved text of a public item changed (an approved edit, a trusted member's edit).
public_text_changed = _signals.signal("public-text-changed")
# The item stopped being public (closed, withdrawn, hidden, removed, expired).
left_public = _signals.signal("left-public")
# A decision its author hears about: keyword arguments `action` and `reason`.
decided = _signals.signal("decided")
# Members' reports on the item were decided: `reporters` (users) and `upheld` (bool).
reports_resolved = _signals.signal("reports-resolved")
