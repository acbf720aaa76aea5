"""The Club: one per process, shared by every messenger's Application and the scheduler."""

from __future__ import annotations

from datetime import date, datetime

from bot.club.broadcasts import Broadcasts
from bot.club.clock import Clock, local_today, system_clock
from bot.club.erasures import Erasures
from bot.club.links import Links
from bot.club.members import Members
from bot.club.privacy import Privacy
from bot.club.profile import Profiles
from bot.club.purchases import Purchases
from bot.club.referrals import Referrals
from bot.club.team import Team
from bot.club.tiers import Tiers
from bot.platforms import Platform
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
        self.links = Links(self)
        self.privacy = Privacy(self)
        self.profiles = Profiles(self)
        self.erasures = Erasures(self)
        self.tiers = Tiers(self)
        self.referrals = Referrals(self)
        self.purchases = Purchases(self)
        self.conversations = Conversations(db, clock)
        self.pending = PendingActions(db, clock)
        self.team = Team(self)
        self.broadcasts = Broadcasts(self)
        # Each running bot's username, for deep links to every messenger (set at start).
        self.usernames: dict[Platform, str] = {}

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return local_today(self.now(), self.settings.timezone)
