"""A driven person sends what is not a file: a location, a contact, a poll or quiz, a dice,
and (through an inline bot, since no person can send one) an invoice.

Each becomes a message whose ``kind`` names its Bot API field and whose ``content`` is that
field's object, shaped as the libraries require (a Poll's votes, a Dice's value, ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.telegram.double.actor_base import Poster
from bot.telegram.double.inbox import MessageView
from bot.telegram.double.models import User
from bot.telegram.double.world import DICE_FACES

# The inline bot an invoice comes through when a test does not name one.
SHOP_BOT = User(5_000_000_777, "Shop Bot", username="shop_bot", is_bot=True)


class ContentActor(Poster):
    """The non-file half of a driven person (see :class:`~actors.Actor`)."""

    async def send_location(
        self,
        lat: float,
        lon: float,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"no such place: latitude {lat}, longitude {lon}")
        location = {"latitude": float(lat), "longitude": float(lon)}
        return self._post(thread_id, reply_to, kind="location", content=location)

    async def send_contact(
        self,
        phone: str,
        first_name: str,
        *,
        last_name: str | None = None,
        user_id: int | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """Share a phone contact (``user_id`` when it is a Telegram user)."""
        contact: dict[str, object] = {"phone_number": phone, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if user_id is not None:
            contact["user_id"] = user_id
        return self._post(thread_id, reply_to, kind="contact", content=contact)

    async def send_poll(
        self,
        question: str,
        options: Sequence[str],
        *,
        quiz: bool = False,
        correct_option: int = 0,
        anonymous: bool = True,
        multiple_answers: bool = False,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """A regular poll, or a quiz whose answer is option ``correct_option``. The bot sees
        a quiz's answer only where Telegram shows it (closed, or in the private chat)."""
        if not 2 <= len(options) <= 12:
            raise ValueError("a poll has 2-12 options")
        if quiz and not 0 <= correct_option < len(options):
            raise ValueError(f"no option {correct_option} to be the quiz's answer")
        poll: dict[str, object] = {
            "id": self.double.world.next_poll_id(),
            "question": question,
            "options": [
                {"persistent_id": str(i), "text": text, "voter_count": 0}
                for i, text in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": anonymous,
            "type": "quiz" if quiz else "regular",
            "allows_multiple_answers": multiple_answers and not quiz,
            "allows_revoting": not quiz,
            "members_only": False,
        }
        if quiz:
            poll["correct_option_ids"] = [correct_option]
        return self._post(thread_id, reply_to, kind="poll", content=poll)

    async def send_dice(
        self,
        emoji: str = "🎲",
        *,
        value: int | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """Throw a dice (🎲 🎯 🎳 🏀 ⚽ 🎰); ``value`` fixes the throw, else it is random."""
        if emoji not in DICE_FACES:
            raise ValueError(f"Telegram's dice are {''.join(DICE_FACES)}, not {emoji!r}")
        if value is None:
            value = self.double.world.roll(emoji)
        if not 1 <= value <= DICE_FACES[emoji]:
            raise ValueError(f"{emoji} shows 1-{DICE_FACES[emoji]}, not {value}")
        dice = {"emoji": emoji, "value": value}
        return self._post(thread_id, reply_to, kind="dice", content=dice)

    async def send_invoice(
        self,
        title: str,
        *,
        description: str = "Payment",
        currency: str = "USD",
        total_amount: int = 1000,
        start_parameter: str = "",
        via: User | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """An invoice this person posts through an inline bot (``via``; a shop bot by
        default): people cannot send invoices themselves, bots can, and inline results
        carry them into any chat. ``total_amount`` is in the currency's smallest units."""
        bot = via or SHOP_BOT
        self.double.world.users.setdefault(bot.id, bot)
        invoice = {
            "title": title,
            "description": description,
            "start_parameter": start_parameter,
            "currency": currency,
            "total_amount": total_amount,
        }
        return self._post(thread_id, reply_to, kind="invoice", content=invoice, via_bot=bot.id)
