"""Reading a message as a mail client does: its MIME bytes parsed, the HTML part's
paragraphs and links taken out, and what would show as markup or as `&amp;` caught."""

import email
from email import policy
from email.message import Message
from html.parser import HTMLParser

from django.core import mail


class HtmlPart(HTMLParser):
    """The paragraphs (text, entities decoded once) and the links of an HTML part."""

    def __init__(self):
        super().__init__()
        self.links, self.paragraphs, self._in_p = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])
        if tag == "p":
            self._in_p = True
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_p = False

    def handle_data(self, data):
        if self._in_p:
            self.paragraphs[-1] += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.paragraphs).split())


def read(message) -> tuple[Message, HtmlPart, str]:
    """The message as a mail client gets it, its HTML part parsed, and that part's
    source. Fails on anything escaped twice (markup shown as text, `&amp;amp;`)."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
    source = html.get_payload(decode=True).decode()
    for twice in ("&lt;p&gt;", "&lt;a ", "&lt;br", "&amp;amp;", "&amp;#", "&amp;lt;", "&amp;quot;"):
        assert twice not in source, f"{twice!r} in the HTML part of {message.subject!r}"
    page = HtmlPart()
    page.feed(source)
    return parsed, page, source


def reads_right(message, *, site="http://testserver") -> HtmlPart:
    """Every message's common bar: paragraphs as <p>, at least one link to the site and
    every web link absolute on it (an address may be a `mailto:`), nothing escaped
    twice. The parsed HTML part."""
    _parsed, page, _source = read(message)
    assert page.paragraphs, f"no <p> in {message.subject!r}"
    web = [link for link in page.links if not link.startswith("mailto:")]
    assert web, f"no link in {message.subject!r}"
    assert all(link.startswith(f"{site}/") for link in web), page.links
    return page


def to(address):
    """The messages written to one address."""
    return [m for m in mail.outbox if m.to == [address]]


def subject_read(message) -> str:
    """The subject as a mail client shows it: the sent bytes parsed, its encoded
    words decoded and its folded lines unfolded (email.policy.default)."""
    return str(
        email.message_from_bytes(message.message().as_bytes(), policy=policy.default)["Subject"]
    )


def assert_plain_subject(subject: str) -> None:
    """One line, trimmed, one space between words."""
    assert "\n" not in subject, repr(subject)
    assert "\r" not in subject, repr(subject)
    assert subject == subject.strip(), repr(subject)
    assert "  " not in subject, repr(subject)
