"""Load benchmark: simulated members against the real Runtime, through the Bot API emulator.

`python -m bench` starts the emulator in its own process, then runs each scenario (the club
bot on SQLite, on PostgreSQL, and a bare PTB echo bot) in a fresh worker process so that peak
RSS and profiles belong to one scenario only. The members are played by the emulator itself
(POST /_emulator/load), so the worker's CPU is the bot's. Prints two Markdown tables for the
README: throughput (closed loop) and latency at an offered rate (open loop).
"""
