"""The Club: one per process, shared by every messenger's Application and the scheduler."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime

from bot.club.clock import Clock, local_today, system_clock
from bot.club.members import Members
from bot.club.privacy import Privacy
from bot.club.purchases import Purchases
from bot.club.referrals import Referrals
from bot.club.tiers import Tiers
from bot.settings import Settings
from bot.storage.conversations import Conversations
from bot.storage.db import Database
from bot.storage.pending import PendingActions


class Club:
    def __init__(self, db: Database, settings: Settings, clock: Clock = system_clock) -> None:
        self.db = db
        self.settings = settings
        self._clock = clock
        self.members = Members(self)
        self.privacy = Privacy(self)
        self.tiers = Tiers(self)
        self.referrals = Referrals(self)
        self.purchases = Purchases(self)
        self.conversations = Conversations(db)
        self.pending = PendingActions(db)

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return local_today(self.now(), self.settings.timezone)

    def phone_hash(self, phone: str) -> str:
        """Salted hash kept after erasure, so a rejoin gets no second welcome bonus."""
        salt = self.settings.erased_phone_salt.get_secret_value().encode()
        return hmac.new(salt, phone.encode(), hashlib.sha256).hexdigest()
