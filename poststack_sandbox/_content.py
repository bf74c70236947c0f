"""Content checks that need no mail server: ``{{variable}}`` rendering, an emulated spam score,
and the insight warnings of ``GET /emails/:id/insights`` and ``POST /emails/preview``.

The real service asks Rspamd; the sandbox scores with a handful of fixed, documented rules so
results are deterministic and tests can pin them. Symbol names imitate Rspamd's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "SPAM_RULES",
    "insights",
    "placeholders",
    "render",
    "spam_action",
    "spam_check",
]

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")
_SPAMMY_WORDS = ("free money", "winner", "viagra", "act now", "100% free", "click here")

# name -> (score, description); applied by spam_check.
SPAM_RULES: Mapping[str, tuple[float, str]] = {
    "MISSING_SUBJECT": (2.0, "Subject is missing or empty"),
    "SUBJ_ALL_CAPS": (3.0, "Subject is written in capitals"),
    "SUBJ_EXCESS_EXCLAIM": (1.5, "Subject has three or more exclamation marks"),
    "MIME_HTML_ONLY": (0.5, "Message has an HTML part and no plain-text part"),
    "SPAMMY_PHRASE": (2.5, "Body or subject contains a phrase typical of spam"),
    "EMPTY_BODY": (2.0, "Message has no body"),
}


def placeholders(*texts: str | None) -> list[str]:
    """The distinct ``{{name}}`` placeholders in the texts, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        if text:
            for match in _PLACEHOLDER.finditer(text):
                seen.setdefault(match.group(1), None)
    return list(seen)


def render(text: str | None, variables: Mapping[str, Any]) -> str | None:
    """Substitute ``{{name}}``; unknown placeholders are left as they are."""
    if text is None:
        return None

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(variables[name]) if name in variables else match.group(0)

    return _PLACEHOLDER.sub(substitute, text)


def spam_action(score: float) -> str:
    """Rspamd's default thresholds: greylist at 4, add a header at 6, reject at 15."""
    if score >= 15:
        return "reject"
    if score >= 6:
        return "add_header"
    if score >= 4:
        return "greylist"
    return "no_action"


def spam_check(subject: str | None, html: str | None, text: str | None) -> dict[str, Any]:
    """An emulated SpamCheck: ``{score, action, symbols, skipped}``."""
    hits: list[str] = []
    subject_text = (subject or "").strip()
    if not subject_text:
        hits.append("MISSING_SUBJECT")
    else:
        letters = [c for c in subject_text if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters):
            hits.append("SUBJ_ALL_CAPS")
        if subject_text.count("!") >= 3:
            hits.append("SUBJ_EXCESS_EXCLAIM")
    if html and not text:
        hits.append("MIME_HTML_ONLY")
    if not html and not text:
        hits.append("EMPTY_BODY")
    haystack = " ".join(part for part in (subject, html, text) if part).lower()
    if any(phrase in haystack for phrase in _SPAMMY_WORDS):
        hits.append("SPAMMY_PHRASE")
    symbols = [
        {"name": name, "score": SPAM_RULES[name][0], "description": SPAM_RULES[name][1]}
        for name in hits
    ]
    score = round(sum(SPAM_RULES[name][0] for name in hits), 2)
    return {"score": score, "action": spam_action(score), "symbols": symbols, "skipped": False}


def insights(
    subject: str | None, html: str | None, text: str | None, spam_score: float
) -> list[dict[str, str]]:
    """Deterministic advice about one message (codes are stable; messages are for people)."""
    warnings: list[dict[str, str]] = []
    if html and not text:
        warnings.append(
            {
                "code": "missing_text_body",
                "message": "No plain-text body; add one for clients and filters that prefer it.",
                "severity": "warning",
            }
        )
    if text and not html:
        warnings.append(
            {
                "code": "missing_html_body",
                "message": "Plain text only; that is fine, but no formatting will be shown.",
                "severity": "info",
            }
        )
    if subject and len(subject) > 78:
        warnings.append(
            {
                "code": "long_subject",
                "message": "Subject is longer than 78 characters and may be cut off.",
                "severity": "info",
            }
        )
    if html and len(html.encode()) > 102 * 1024:
        warnings.append(
            {
                "code": "html_too_large",
                "message": "HTML body is over 102 KB; Gmail clips larger messages.",
                "severity": "warning",
            }
        )
    if spam_score >= 4:
        warnings.append(
            {
                "code": "high_spam_score",
                "message": f"Emulated spam score {spam_score:g} would be penalised.",
                "severity": "warning",
            }
        )
    return warnings
