"""How much of an untrusted archive evidencekit will read, and why each limit is where it is.

Every member is read into memory (never extracted to disk), so these bound the memory an archive can
make evidencekit use. Real platform downloads sit far below them; a hostile file meets one and gets a
sentence.
"""

from __future__ import annotations

MIB = 1024 * 1024

# The archive is stored byte-exact in the case, so it is read whole; a download bigger than this is
# better requested again with messages only (Meta) or exported without media (WhatsApp).
MAX_ARCHIVE_BYTES = 1024 * MIB
# A folder is zipped in memory before it is stored: the same bound applies to the sum of its files.
MAX_FOLDER_FILES = 100_000
# ZIP members: count, the size a member says it unpacks to, and the sum of those sizes.
MAX_MEMBERS = 100_000
MAX_TOTAL_UNPACKED = 16 * 1024 * MIB
# A member that unpacks to more than this many times its packed size (above 1 MiB) is a zip bomb:
# deflate cannot exceed ~1032:1, and chat text and JSON pack 5-30:1.
MAX_RATIO = 250
RATIO_FLOOR = 1 * MIB
# A text or JSON member that is parsed (the chat itself) is held in memory with its parsed form.
MAX_PARSED_MEMBER = 64 * MIB
# JSON nesting: platform files nest fewer than 10 levels; the parser's own recursion guard fires at ~1000.
MAX_JSON_DEPTH = 64
# Messages in one thread, and over every thread of an archive while they are listed.
MAX_THREAD_MESSAGES = 200_000
MAX_ARCHIVE_MESSAGES = 2_000_000
# Threads listed from one archive.
MAX_THREADS = 20_000
# One message's text (longer text is cut, and the cut is said on its line).
MAX_MESSAGE_CHARS = 20_000
# Hashing a media member streams it in chunks of this size.
CHUNK = 1 * MIB
