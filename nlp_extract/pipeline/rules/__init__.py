"""Entity rules as ordered lists of small named functions (razdel's ``RULES`` shape).

Each rule answers one question about one position and returns :data:`GO` (the rule took the
position: the scan goes on), :data:`STOP` (the rule ends the scan) or ``None`` (not its case:
the next rule is asked). The first rule that answers wins; the names of the rules that fired
are what ``nlp-extract explain`` shows.
"""

from __future__ import annotations

GO, STOP = "go", "stop"
