"""A driven person sends files: photos, documents, videos, video notes, animations, audio,
stickers, voice notes, and albums of them.

Each file is made up on the spot and registered in the double's file store, so the bot can
getFile and download it, or send it on by file_id. Albums follow Telegram's rules: 2-10
items sharing a media_group_id, photos and videos mixed freely, documents only with
documents, audio only with audio.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.telegram.double.actor_base import Poster
from bot.telegram.double.inbox import MessageView

# A 1x1 PNG: what a driven user's photo "contains" when the bot downloads it.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# Enough of an MP4 header to look like one when the bot downloads it.
TINY_MP4 = bytes.fromhex("0000001c66747970697336000000000069736f6d6d703432")
ALBUM_KINDS = ("photo", "video", "document", "audio")
ALBUM_MAX = 10


def album_kinds(count: int, kind: str | Sequence[str]) -> list[str]:
    """Each item's kind: ``kind`` for all, or a sequence of kinds taken in turn.

    Raises ValueError for an album a Telegram client could not send."""
    pattern = [kind] if isinstance(kind, str) else list(kind)
    if not 1 <= count <= ALBUM_MAX:
        raise ValueError(f"an album holds 1-{ALBUM_MAX} items, not {count}")
    unknown = [k for k in pattern if k not in ALBUM_KINDS]
    if unknown or not pattern:
        raise ValueError(f"an album holds {', '.join(ALBUM_KINDS)}; not {unknown or pattern}")
    kinds = [pattern[i % len(pattern)] for i in range(count)]
    for alone in ("document", "audio"):
        if alone in kinds and set(kinds) != {alone}:
            raise ValueError(f"{alone} can't be mixed with other media types in an album")
    return kinds


class MediaActor(Poster):
    """The file-sending half of a driven person (see :class:`~actors.Actor`)."""

    async def send_photo(
        self,
        caption: str | None = None,
        *,
        width: int = 1280,
        height: int = 960,
        thread_id: int | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
        data: bytes = TINY_PNG,
    ) -> MessageView:
        """A photo (``data``: its bytes, as getFile serves them; a tiny PNG unless given)."""
        record = self.double.world.files.add(
            "photo", data, size=width * height // 10, width=width, height=height
        )
        return self._post(
            thread_id,
            reply_to,
            kind="photo",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_document(
        self,
        file_name: str = "document.pdf",
        *,
        mime: str = "application/pdf",
        caption: str | None = None,
        data: bytes = b"%PDF-1.4 kefu test document\n",
        thread_id: int | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
    ) -> MessageView:
        if mime.startswith("image/") and file_name == "document.pdf":
            file_name = "image." + mime.split("/", 1)[1]
        record = self.double.world.files.add("document", data, file_name=file_name, mime_type=mime)
        return self._post(
            thread_id,
            reply_to,
            kind="document",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_video(
        self,
        caption: str | None = None,
        *,
        duration: int = 5,
        width: int = 1280,
        height: int = 720,
        thread_id: int | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
    ) -> MessageView:
        record = self.double.world.files.add(
            "video",
            TINY_MP4,
            size=duration * 250_000,
            file_name="video.mp4",
            width=width,
            height=height,
            duration=duration,
        )
        return self._post(
            thread_id,
            reply_to,
            kind="video",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_video_note(
        self,
        *,
        duration: int = 5,
        length: int = 240,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """A round video message: no caption, as in Telegram."""
        record = self.double.world.files.add(
            "video_note", TINY_MP4, size=duration * 60_000, width=length, duration=duration
        )
        return self._post(thread_id, reply_to, kind="video_note", file_id=record.file_id)

    async def send_animation(
        self,
        caption: str | None = None,
        *,
        duration: int = 3,
        width: int = 320,
        height: int = 240,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """A GIF (sent as a silent MP4, as Telegram stores them)."""
        record = self.double.world.files.add(
            "animation",
            TINY_MP4,
            size=duration * 50_000,
            file_name="animation.gif.mp4",
            width=width,
            height=height,
            duration=duration,
        )
        return self._post(
            thread_id, reply_to, kind="animation", file_id=record.file_id, caption=caption
        )

    async def send_audio(
        self,
        caption: str | None = None,
        *,
        duration: int = 180,
        title: str | None = "Track",
        performer: str | None = "Artist",
        file_name: str = "track.mp3",
        thread_id: int | None = None,
        reply_to: int | None = None,
        media_group_id: str | None = None,
    ) -> MessageView:
        record = self.double.world.files.add(
            "audio",
            b"ID3",
            size=duration * 16_000,
            file_name=file_name,
            duration=duration,
            title=title,
            performer=performer,
        )
        return self._post(
            thread_id,
            reply_to,
            kind="audio",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_sticker(
        self, emoji: str = "👍", *, thread_id: int | None = None, reply_to: int | None = None
    ) -> MessageView:
        record = self.double.world.files.add(
            "sticker", b"RIFF....WEBP", width=512, height=512, emoji=emoji
        )
        return self._post(thread_id, reply_to, kind="sticker", file_id=record.file_id)

    async def send_voice(
        self, duration: int = 3, *, thread_id: int | None = None, reply_to: int | None = None
    ) -> MessageView:
        record = self.double.world.files.add(
            "voice", b"OggS", duration=duration, mime_type="audio/ogg"
        )
        return self._post(thread_id, reply_to, kind="voice", file_id=record.file_id)

    async def send_album(
        self,
        count: int = 2,
        *,
        kind: str | Sequence[str] = "photo",
        caption: str | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> list[MessageView]:
        """``count`` items sharing a media_group_id: one update per item, each replying to
        ``reply_to``; ``caption`` goes on the first, as Telegram clients do. ``kind`` is
        "photo", "video", "document" or "audio", or a sequence of kinds used in turn
        (``("photo", "video")`` mixes them)."""
        kinds = album_kinds(count, kind)
        group_id = self.double.world.next_media_group_id()
        sent = []
        for index, item in enumerate(kinds):
            text = caption if index == 0 else None
            where = {"thread_id": thread_id, "reply_to": reply_to, "media_group_id": group_id}
            if item == "photo":
                sent.append(await self.send_photo(text, **where))
            elif item == "video":
                sent.append(await self.send_video(text, **where))
            elif item == "audio":
                sent.append(await self.send_audio(text, file_name=f"track{index + 1}.mp3", **where))
            else:
                name = f"file{index + 1}.pdf"
                sent.append(await self.send_document(name, caption=text, **where))
        return sent
