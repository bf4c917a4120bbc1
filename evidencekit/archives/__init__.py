"""Platforms' own records of a chat: data downloads and chat exports, read safely, one parser per format.

    analysis = analyse(Path("WhatsApp Chat with Sam.zip"), Options(date_order=None, zone=Zone()))
    analysis.threads          -> every conversation (participants, first and last time, message count)
    thread = analysis.read(analysis.choose("Sam"))

Nothing is written anywhere: the file is read into memory, its members unpacked in memory. Storing
the archive and the chosen thread in a case is `evidencekit.archives.importing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.archives.base import ArchiveParser, DateOrderNeeded, Options
from evidencekit.archives.container import ArchiveNotRead, Container, Source, read_source
from evidencekit.archives.discord import DiscordParser
from evidencekit.archives.meta import MetaParser
from evidencekit.archives.model import Layout, Thread, ThreadInfo
from evidencekit.archives.snapchat import SnapchatParser
from evidencekit.archives.telegram import TelegramParser
from evidencekit.archives.whatsapp import WhatsAppParser
from evidencekit.archives.zones import Zone
from evidencekit.errors import UsageError
from evidencekit.i18n import _

PARSERS: tuple[ArchiveParser, ...] = (MetaParser(), TelegramParser(), SnapchatParser(), DiscordParser(),
                                      WhatsAppParser())


@dataclass
class Analysis:
    """What an archive is, before anything is stored: its layout and threads, or why it cannot be read."""

    source: Source
    options: Options
    container: Container | None = None
    parser: ArchiveParser | None = None
    layout: Layout | None = None
    threads: list[ThreadInfo] = field(default_factory=list)
    problem: str | None = None  # the one sentence when it cannot be read; it can still be kept sealed

    def choose(self, wanted: str | None) -> ThreadInfo:
        """The thread named by its number in the list (1 = first), its key, title or a participant."""
        if not self.threads:
            raise UsageError(self.problem or _("This archive has no conversations in it."))
        if not wanted:
            if len(self.threads) == 1:
                return self.threads[0]
            raise UsageError(_("This archive holds {count} conversations: choose the one with the other person "
                               "with --thread (a number from the list, or a name).").format(count=len(self.threads)))
        text = wanted.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.threads):
            return self.threads[int(text) - 1]
        found = [info for info in self.threads if info.matches(text)]
        if len(found) == 1:
            return found[0]
        if found:
            raise UsageError(_("{count} conversations match {wanted!r}; give its number from the list instead.").format(
                count=len(found), wanted=text))
        raise UsageError(_("No conversation in this archive matches {wanted!r}.").format(wanted=text))

    def read(self, info: ThreadInfo) -> Thread:
        assert self.parser is not None and self.container is not None and self.layout is not None
        return self.parser.read(self.container, self.layout, info.key, self.options)


def recognise(container: Container) -> tuple[ArchiveParser, Layout]:
    for parser in PARSERS:
        layout = parser.detect(container)
        if layout is not None:
            return parser, layout
    raise ArchiveNotRead(_("The layout of {name} is not one evidencekit knows (it reads Facebook and Instagram JSON "
                           "downloads, WhatsApp chat exports, Telegram Desktop JSON exports, Snapchat's My Data and "
                           "Discord's data package).").format(name=container.source.file_name))


def analyse(path: Path, options: Options | None = None) -> Analysis:
    """Read and recognise the archive at `path`. UsageError when the file itself cannot be used (nothing
    can be kept); DateOrderNeeded when the person must say the date order; otherwise an Analysis, whose
    `problem` says why the contents could not be read."""
    options = options or Options()
    source = read_source(Path(path))
    analysis = Analysis(source, options)
    try:
        analysis.container = Container(source)
        analysis.parser, analysis.layout = recognise(analysis.container)
        analysis.threads = analysis.parser.threads(analysis.container, analysis.layout, options)
        if not analysis.threads:
            raise ArchiveNotRead(_("{name} has no conversations in it.").format(name=source.file_name))
    except ArchiveNotRead as exc:
        analysis.problem = exc.message
        analysis.threads = []
    except RecursionError:
        analysis.problem = _("{name} is nested too deeply to be a platform's file, so it was not read.").format(
            name=source.file_name)
        analysis.threads = []
    return analysis


__all__ = ["Analysis", "ArchiveNotRead", "DateOrderNeeded", "Options", "Thread", "ThreadInfo", "Zone", "analyse",
           "recognise"]
