"""Read one raw e-mail into what the intake needs, without ever trusting or rendering its content.

The parser is lenient (a malformed message still yields its headers and whatever text it has); HTML
bodies become plain text; attachments are returned as bytes with their declared name and type, never
opened. Language is told by counting common words of Dutch, French and English.
"""

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

MAX_BODY_CHARS = 100_000
BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol"}
SKIPPED_TAGS = {"script", "style", "head", "title"}
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class ParsedMessage:
    message_id: str = ""
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    body_text: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    is_auto_reply: bool = False
    attachments: list[Attachment] = field(default_factory=list)
    defects: int = 0
    unreadable: bool = False

    @property
    def referenced_ids(self) -> list[str]:
        return [*self.in_reply_to, *self.references]


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML body, one line per block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML document (tags, scripts and styles dropped)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name, "")
        return " ".join(str(value).split()) if value else ""
    except Exception:  # a header the policy cannot decode counts as absent
        return ""


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def is_auto_reply(message: EmailMessage, from_address: str) -> bool:
    """Return whether a message is an auto-reply or a bounce, which is never answered (RFC 3834)."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return True
    if _header(message, "Precedence").lower() in ("bulk", "junk", "auto_reply"):
        return True
    return_path = _header(message, "Return-Path")
    if return_path.strip() == "<>" or not from_address:
        return True
    local = from_address.split("@", 1)[0].lower()
    return local in ("mailer-daemon", "postmaster") or _header(message, "Content-Type").startswith("multipart/report")


def _text_of(part) -> str:
    try:
        content = part.get_content()
    except Exception:
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else ""


def _body_and_attachments(message: EmailMessage) -> tuple[str, list[Attachment]]:
    plain, html, attachments = [], [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        filename = part.get_filename()
        if filename or part.get_content_disposition() == "attachment" or part.get_content_maintype() not in ("text",):
            payload = part.get_payload(decode=True) or b""
            attachments.append(Attachment(filename=(filename or "attachment")[:200], content_type=content_type,
                                          payload=payload))  # fmt: skip
        elif content_type == "text/html":
            html.append(_text_of(part))
        else:
            plain.append(_text_of(part))
    text = "\n\n".join(t.strip() for t in plain if t.strip())
    if not text and html:
        text = html_to_text("\n".join(html))
    return text[:MAX_BODY_CHARS], attachments


def parse_message(raw: bytes) -> ParsedMessage:
    """Return the parts of a raw message the intake uses; a message that cannot be read is marked unreadable."""
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception:
        return ParsedMessage(unreadable=True)
    name, address = parseaddr(_header(message, "From"))
    address = address.strip().lower() if "@" in address else ""
    parsed = ParsedMessage(
        message_id=(_ids(_header(message, "Message-ID")) or [""])[0][:255],
        from_address=address[:254],
        from_name=name.strip()[:200],
        subject=_header(message, "Subject")[:300],
        in_reply_to=_ids(_header(message, "In-Reply-To")),
        references=_ids(_header(message, "References")),
        defects=len(message.defects),
    )
    parsed.is_auto_reply = is_auto_reply(message, parsed.from_address)
    try:
        parsed.body_text, parsed.attachments = _body_and_attachments(message)
    except Exception:
        parsed.unreadable = True
    return parsed


def reply_addresses(raw_header: str) -> list[str]:
    """Return the addresses of an address header (used for Reply-To)."""
    return [address for _, address in getaddresses([raw_header]) if "@" in address]


DUTCH = {"de", "het", "een", "ik", "mijn", "van", "en", "is", "niet", "wil", "graag", "gegevens", "verzoek", "u", "met",
         "voor", "dat", "op", "te", "mij", "alstublieft", "bedankt", "groeten"}  # fmt: skip
FRENCH = {"le", "la", "les", "je", "mes", "de", "des", "et", "est", "pas", "vous", "données", "demande", "une", "un",
          "pour", "que", "mon", "ma", "merci", "cordialement", "bonjour", "souhaite"}  # fmt: skip
ENGLISH = {"the", "a", "an", "i", "my", "of", "and", "is", "not", "want", "please", "data", "request", "you", "with",
           "for", "that", "on", "to", "me", "thank", "regards", "hello", "would", "like"}  # fmt: skip


def detect_language(text: str, *, hint: str = "") -> str:
    """Return nl, fr or en by counting common words; a subject phrase's language breaks a tie; English otherwise."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text[:5000].lower())
    scores = {"nl": 0, "fr": 0, "en": 0}
    for word in words:
        scores["nl"] += word in DUTCH
        scores["fr"] += word in FRENCH
        scores["en"] += word in ENGLISH
    if hint in scores:
        scores[hint] += 2
    best = max(scores, key=lambda language: (scores[language], language == "en"))
    return best if scores[best] else "en"
