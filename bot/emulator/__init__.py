"""Local Telegram/Bale Bot API emulator for end-to-end tests, the sandbox and benchmarks.

Typical test use::

    emu = await Emulator().start()
    bot = emu.add_bot("111:AAA", "vafa_test_bot", platform="telegram")
    # ... build a PTB Application with base_url=emu.base_url, base_file_url=emu.base_file_url
    user = emu.user(bot, user_id=5001, first_name="Sara", phone="+989121234567")
    await user.send("/start")
    assert user.last.text

See ``bot.emulator.platforms`` for the Bale differences the emulator reproduces.
"""

from bot.emulator.driver import BotHandle, Emulator, SimUser
from bot.emulator.faults import FaultInjector
from bot.emulator.models import ApiError, SentMessage
from bot.emulator.platforms import BALE_UNSUPPORTED_METHODS, Platform
from bot.emulator.state import EmulatorState

__all__ = [
    "BALE_UNSUPPORTED_METHODS",
    "ApiError",
    "BotHandle",
    "Emulator",
    "EmulatorState",
    "FaultInjector",
    "Platform",
    "SentMessage",
    "SimUser",
]
