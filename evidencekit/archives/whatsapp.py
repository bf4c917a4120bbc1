"""WhatsApp "Export chat": a text file (`WhatsApp Chat with Sam.txt` on Android, `_chat.txt` on an
iPhone), alone or zipped with the media the chat carried. Times are the phone's wall-clock time with no
zone, so they are read in the case's zone (said on the transcript)."""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Iterator

from evidencekit.archives import limits
from evidencekit.archives.base import Options
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.model import Account, Attachment, Layout, Message, Thread, ThreadInfo
from evidencekit.archives.text import clean, decode_text
from evidencekit.archives.whatsapp_lines import ORDER_WORDS, Header, date_order, parse_header, wall_time
from evidencekit.i18n import _

NAME = "whatsapp"
FORMAT = "WhatsApp chat export"
_TITLE_PREFIXES = ("WhatsApp Chat with ", "WhatsApp Chat - ", "Chat de WhatsApp con ", "WhatsApp Chat mit ",
                   "WhatsApp-Chat mit ", "Conversa do WhatsApp com ", "Discussion WhatsApp avec ")
# Android with media: "IMG-20230115-WA0001.jpg (file attached)" in any language; iPhone: "<attached: name>".
_ANDROID_FILE = re.compile(r"^(?P<file>[^\s<>()/\\][^<>()/\\\n]*?\.[A-Za-z0-9]{1,5}) \((?P<marker>[^()\n]{2,40})\)")
_IOS_FILE = re.compile(r"^<(?P<marker>[^<>:\n]{2,30}): (?P<file>[^<>/\\\n]+)>")
# Exports made "without media" name no file. English, Spanish and German phones:
_OMITTED = {"<media omitted>", "<multimedia omitido>", "<medien ausgeschlossen>", "<medien weggelassen>",
            "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted",
            "document omitted", "imagen omitida", "video omitido", "audio omitido", "sticker omitido",
            "bild weggelassen", "video weggelassen", "audio weggelassen"}
# The words WhatsApp puts beside a file's name, in the languages tested; other languages are recognised
# when the named file is in the export.
_ATTACHED_WORDS = {"file attached", "archivo adjunto", "datei angehängt", "fichier joint", "arquivo anexado",
                   "file allegato", "bestand bijgevoegd", "attached", "adjunto", "anhang", "pièce jointe", "anexo",
                   "allegato", "bijgevoegd"}
_DELETED = {"this message was deleted", "you deleted this message", "se eliminó este mensaje.",
            "eliminaste este mensaje.", "diese nachricht wurde gelöscht.", "du hast diese nachricht gelöscht."}
_KINDS = {".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".webp": "sticker", ".mp4": "video",
          ".opus": "audio", ".ogg": "audio", ".m4a": "audio", ".aac": "audio", ".gif": "gif"}


def _chat_files(container: Container) -> list[str]:
    found = []
    for name in container.names:
        if not name.lower().endswith(".txt") or container.size(name) == 0:
            continue
        head = container.head(name)
        lines = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:30]
        if any(parse_header(line) for line in lines):
            found.append(name)
    return found


def _title(container: Container, name: str) -> str:
    stem = posixpath.basename(name)[:-4]
    if stem == "_chat":
        stem = container.source.file_name.rsplit(".", 1)[0]
    for prefix in _TITLE_PREFIXES:
        if stem.startswith(prefix):
            return stem[len(prefix):].strip() or stem
    return stem


class WhatsAppParser:
    name = NAME

    def detect(self, container: Container) -> Layout | None:
        files = _chat_files(container)
        if not files:
            return None
        header = next((h for h, _line in _scan(container, files[0]) if h), None)
        if header is None:
            return None
        twelve = bool(header.ampm)
        layout = _("iPhone layout") if header.bracket else _("Android layout")
        clock = _("12-hour clock") if twelve else _("24-hour clock")
        return Layout(NAME, FORMAT, f"{layout}, {clock}", "WhatsApp")

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]:
        infos = []
        for name in _chat_files(container):
            first = last = None
            count = 0
            senders: dict[str, None] = {}
            for message in _messages(container, name, options):
                first = first or message.time
                last = message.time or last
                count += 1
                if message.sender:
                    senders.setdefault(message.sender)
            infos.append(ThreadInfo(name, _title(container, name), tuple(senders), first, last, count))
        return infos

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread:
        messages = list(_messages(container, key, options))
        senders: dict[str, None] = {}
        for message in messages:
            if message.sender:
                senders.setdefault(message.sender)
        info = ThreadInfo(key, _title(container, key), tuple(senders),
                          messages[0].time if messages else None, messages[-1].time if messages else None,
                          len(messages))
        order, chosen = _order(_scan(container, key), options, key)
        notes = [_("WhatsApp writes the phone's wall-clock time with no time zone: these times were read as "
                   "{zone} time.").format(zone=options.zone.describe()),
                 _("Dates read as {order}{chosen}.").format(
                     order=ORDER_WORDS[order], chosen=_(" (as the person said)") if chosen else ""),
                 _("Names are as the exporting phone showed them (its contact names, or the phone number when the "
                   "sender was not a contact).")]
        accounts = [Account(name, "phone" if _looks_like_phone(name) else "display name", name) for name in senders]
        return Thread(info, messages, accounts, notes)


def _looks_like_phone(name: str) -> bool:
    """WhatsApp shows a sender who is not in the phone's contacts as their number: '+44 7700 900123'."""
    digits = sum(ch.isdigit() for ch in name)
    return name.startswith("+") and digits >= 7 and all(ch.isdigit() or ch in " -()+\u00a0" for ch in name)


Lines = list[tuple[Header | None, str]]


def _scan(container: Container, name: str) -> Lines:
    """Every line of a chat file with its header (None for a message's further lines), parsed once; the
    last file scanned is kept on the container (detect, list and read all ask for it)."""
    key = name + "\x00lines"
    cached = container.last_parsed
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[return-value]
    lines: Lines = []
    count = 0
    for raw in io.StringIO(decode_text(container.read(name), name)):
        line = raw.rstrip("\r\n")
        header = parse_header(line)
        if header is not None:
            count += 1
            if count > limits.MAX_THREAD_MESSAGES:
                raise ArchiveNotRead(_("{member} holds more than {count} messages, more than evidencekit reads "
                                       "from one chat; export only the part with the other person.").format(
                                           member=name[-120:], count=limits.MAX_THREAD_MESSAGES))
        lines.append((header, line))
    container.last_parsed = (key, lines)
    return lines


def _order(lines: Lines, options: Options, name: str) -> tuple[str, bool]:
    return date_order((h.numbers for h, _line in lines if h), options.date_order, name)


def _messages(container: Container, name: str, options: Options) -> Iterator[Message]:
    lines = _scan(container, name)
    order, _chosen = _order(lines, options, name)
    twelve = any(h.ampm for h, _line in lines[:2000] if h)
    base = posixpath.dirname(name)
    current: Message | None = None
    body: list[str] = []
    for header, line in lines:
        wall = wall_time(header, order, twelve, name) if header else None
        if header is None or wall is None:
            if current is not None:
                body.append(line)
            continue
        if current is not None:
            yield _finish(current, body, container, base)
        sender, colon, text = header.rest.partition(": ")
        if not colon:
            sender, text = "", header.rest
        current = Message(options.zone.to_utc(wall), header.written, sender.strip("\u200e\u200f\u202a\u202c "), "",
                          kind="message" if colon else "system")
        body = [text]
    if current is not None:
        yield _finish(current, body, container, base)


def _finish(message: Message, lines: list[str], container: Container, base: str) -> Message:
    body = "\n".join(lines).lstrip("\u200e")
    plain = body.strip().casefold()
    if plain in _OMITTED:
        message.attachments.append(Attachment(body.strip(), "file"))
        message.notes.append(_("media not included in the export"))
        body = ""
    elif plain in _DELETED:
        message.kind = "unsent"
    else:
        match = _IOS_FILE.match(body) or _ANDROID_FILE.match(body)
        member = container.find(match["file"].strip(), base) if match else None
        known = match is not None and match["marker"].strip().casefold() in _ATTACHED_WORDS
        if match and (member is not None or known):
            file_name = match["file"].strip()
            extension = posixpath.splitext(file_name)[1].lower()
            message.attachments.append(Attachment(file_name, _KINDS.get(extension, "file"), member))
            if member is None:
                message.notes.append(_("file not included in the export"))
            body = body[match.end():].lstrip("\n ")
    message.text, cut = clean(body)
    if cut:
        message.notes.append(_("text cut at {count} characters").format(count=limits.MAX_MESSAGE_CHARS))
    return message


