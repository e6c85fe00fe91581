"""Characters an id, code or term may not hold because an editor cannot see them or tell them apart.

Ids and codes are compared as strings (references, file names, anchors): `SCH-001` followed by a
zero-width space, with a no-break space, or written in full-width letters looks the same and is
another id. ``lookalike`` names the first such character; the loader refuses ids, codes and terms
that hold one (kb.load.reader, kb.load.schemas).
"""

from __future__ import annotations

import unicodedata

# Unicode categories never seen as text: controls, format characters (zero-width space and joiners,
# word joiner, byte-order mark, direction marks), separators other than the plain space.
_UNSEEN = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}


def _off(char: str, ascii_only: bool) -> bool:
    if char == " ":
        return False
    if char.isascii():
        return not char.isprintable()
    category = unicodedata.category(char)
    if category in _UNSEEN or category == "Zs":
        return True
    if ascii_only:
        return True  # a Cyrillic С or a full-width Ｓ where only ASCII may stand
    point = ord(char)
    if 0xFF10 <= point <= 0xFF5A and char.isalnum():  # full-width Ａ for A, １ for 1
        return True
    # Compatibility ideographs: another code point for a character that has one already (豈 U+F900).
    return (0xF900 <= point <= 0xFAFF or 0x2F800 <= point <= 0x2FA1F) and unicodedata.normalize("NFKC", char) != char


def lookalike(text: str, ascii_only: bool = False) -> str | None:
    """The first character of text that cannot be seen or passes for another, or None.

    Leading and trailing spaces count too. With ``ascii_only`` (an id or code, written in ASCII) every
    character outside ASCII counts; otherwise full-width letters and digits and CJK compatibility
    ideographs do, while Chinese text, full-width punctuation and forms such as Ⅰ级 are fine.
    """
    if text.isascii() and text.isprintable():  # nearly every id: only spaces at its ends can be wrong
        return text[0] if text[:1] == " " else (text[-1] if text[-1:] == " " else None)
    if text[:1] == " " or text[-1:] == " ":
        return " "
    return next((char for char in text if _off(char, ascii_only)), None)


def plainly_other(char: str) -> bool:
    """A character nobody takes for ASCII (a Chinese character, kana): in an id it is a wrong character,
    reported with the field's pattern, not a look-alike."""
    return unicodedata.east_asian_width(char) == "W" and unicodedata.category(char).startswith("L")


def describe(char: str) -> tuple[str, str]:
    """(U+XXXX, the character's Unicode name) for a message."""
    names = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "CHARACTER TABULATION"}
    return f"U+{ord(char):04X}", unicodedata.name(char, names.get(char, "CONTROL"))
