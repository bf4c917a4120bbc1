"""The words and shapes the identifier finders look for: platforms, brands, and each kind's pattern.

Patterns are written for text as OCR reads it: digits grouped by spaces or dashes, a `0x` read as `Ox`,
`bc1` read as `bcl`. Kinds that have no checksum of their own (MTCN, MoneyGram, sort code, gift card)
are only taken when the text names them nearby, so an ordinary number is not reported as a payment.
"""

from __future__ import annotations

import re

# platform words as people write them -> the platform's name
PLATFORMS = {
    "instagram": "Instagram", "insta": "Instagram", "ig": "Instagram",
    "snapchat": "Snapchat", "snap": "Snapchat", "sc": "Snapchat",
    "tiktok": "TikTok", "tik tok": "TikTok", "facebook": "Facebook", "fb": "Facebook", "messenger": "Facebook",
    "twitter": "X", "x": "X", "telegram": "Telegram", "tg": "Telegram", "whatsapp": "WhatsApp",
    "kik": "Kik", "discord": "Discord", "skype": "Skype", "teams": "Microsoft Teams", "wickr": "Wickr",
    "signal": "Signal", "onlyfans": "OnlyFans", "reddit": "Reddit", "wechat": "WeChat", "line": "LINE",
    "omegle": "Omegle", "grindr": "Grindr", "tinder": "Tinder", "bumble": "Bumble", "hinge": "Hinge",
    "youtube": "YouTube", "twitch": "Twitch", "roblox": "Roblox",
}
# web hosts whose paths name an account -> platform
PROFILE_HOSTS = {
    "instagram.com": "Instagram", "snapchat.com": "Snapchat", "tiktok.com": "TikTok", "facebook.com": "Facebook",
    "fb.com": "Facebook", "m.facebook.com": "Facebook", "twitter.com": "X", "x.com": "X", "t.me": "Telegram",
    "telegram.me": "Telegram", "wa.me": "WhatsApp", "kik.me": "Kik", "discord.com": "Discord",
    "discord.gg": "Discord", "reddit.com": "Reddit", "onlyfans.com": "OnlyFans", "youtube.com": "YouTube",
    "twitch.tv": "Twitch", "roblox.com": "Roblox", "linkedin.com": "LinkedIn",
}
GIFT_CARD_BRANDS = {
    "amazon": "Amazon", "steam": "Steam", "itunes": "Apple", "apple": "Apple", "google play": "Google Play",
    "play store": "Google Play", "razer": "Razer Gold", "sephora": "Sephora", "ebay": "eBay", "xbox": "Xbox",
    "playstation": "PlayStation", "psn": "PlayStation", "vanilla": "Vanilla", "target": "Target",
    "walmart": "Walmart", "nintendo": "Nintendo", "roblox": "Roblox", "paysafecard": "paysafecard",
    "neosurf": "Neosurf", "visa gift": "Visa gift card",
}

_word = r"(?<![A-Za-z0-9])"
_end = r"(?![A-Za-z0-9])"

_HEX = r"[0-9a-fA-FOolI]"
ETHEREUM = re.compile(_word + r"[0O]x((?:" + _HEX + " ?){39}" + _HEX + ")" + _end)
BECH32 = re.compile(_word + r"((?:bc|tb)[1lI][ac-hj-np-z02-9o]{8,87})" + _end, re.IGNORECASE)
BASE58 = re.compile(_word + r"([13][1-9A-HJ-NP-Za-km-z0OIl]{25,34})" + _end)
# the same with one space OCR put inside the string ("…zarvary0c5xw7 kv8f3t4"); taken only if it checks
BECH32_SPACED = re.compile(_word + r"((?:bc|tb)[1lI][ac-hj-np-z02-9o]{4,80} [ac-hj-np-z02-9o]{2,80})" + _end,
                           re.IGNORECASE)
BASE58_SPACED = re.compile(_word + r"([13][1-9A-HJ-NP-Za-km-z0OIl]{8,30} [1-9A-HJ-NP-Za-km-z0OIl]{2,30})" + _end)
IBAN = re.compile(_word + r"([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)" + _end)
EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})"
                   r"(?![\w-])")
URL = re.compile(r"(?<![\w@/.])((?:https?://|www\.)[^\s<>\"'()]+|(?:[a-z0-9-]+\.)+(?:com|me|tv|gg|app|net|org)"
                 r"/[^\s<>\"'()]+)", re.IGNORECASE)
CASHTAG = re.compile(r"(?<![\w$])\$([A-Za-z][A-Za-z0-9_]{0,19})" + _end)
HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)" + _end)
SORT_CODE = re.compile(_word + r"([0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{2})" + _end)
UK_ACCOUNT = re.compile(_word + r"([0-9]{8})" + _end)
TEN_DIGITS = re.compile(r"(?<![0-9])([0-9](?:[ -]?[0-9]){9})(?![0-9])")
EIGHT_DIGITS = re.compile(r"(?<![0-9])([0-9](?:[ -]?[0-9]){7})(?![0-9])")
GIFT_CODE = re.compile(_word + r"((?=[A-Z0-9 -]*[0-9])[A-Z0-9]{3,6}(?:[- ][A-Z0-9]{3,6}){1,5}|[A-Z0-9]{10,20})" + _end)
PHONE_HINT = re.compile(r"\+?[0-9][0-9 ()./-]{6,20}[0-9]")

MTCN_WORDS = re.compile(r"\b(?:mtcn|western\s*union|wu|money\s*transfer\s*control|control\s*number|tracking)",
                        re.IGNORECASE)
MONEYGRAM_WORDS = re.compile(r"\b(?:money\s*gram|mgram)", re.IGNORECASE)
SORT_WORDS = re.compile(r"\bsort(?:\s*code)?\b", re.IGNORECASE)
ACCOUNT_WORDS = re.compile(r"\b(?:acc(?:ount|t)?|a/c)\b", re.IGNORECASE)
CASH_APP_WORDS = re.compile(r"\b(?:cash\s*app|cashapp|cash\.app)\b", re.IGNORECASE)
CURRENCY_CODES = frozenset({"USD", "GBP", "EUR", "BTC", "ETH", "CAD", "AUD", "NZD", "USDT", "MXN", "INR"})

_platform_alternatives = "|".join(sorted((re.escape(k) for k in PLATFORMS), key=len, reverse=True))
USERNAME_AFTER_PLATFORM = re.compile(
    r"\b(" + _platform_alternatives + r")\b(?:\s+(?:id|username|user\s*name|name|handle|account|is|me|on|at))*"
    r"\s*[:=-]?\s*(@?[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))" + _end, re.IGNORECASE)
PLATFORM_WORD = re.compile(r"\b(" + _platform_alternatives + r")\b", re.IGNORECASE)
_brand_alternatives = "|".join(sorted((re.escape(k) for k in GIFT_CARD_BRANDS), key=len, reverse=True))
BRAND_WORD = re.compile(r"\b(" + _brand_alternatives + r")\b", re.IGNORECASE)
# words that follow a platform name but are not usernames ("snap me later", "on instagram and")
NOT_USERNAMES = frozenset({
    "and", "or", "but", "the", "a", "an", "to", "me", "my", "you", "your", "it", "is", "on", "at", "now", "too",
    "later", "then", "so", "if", "with", "for", "of", "in", "this", "that", "story", "chat", "call", "video",
    "account", "profile", "page", "app", "dm", "dms", "message", "messages", "please", "pls", "card", "cards",
    "gift", "code", "codes", "store", "id", "username", "name", "handle", "user", "again", "back", "here",
})
