"""Load benchmark: simulated members against the real Runtime, through the Bot API emulator.

`python -m bench` starts the emulator in its own process, then runs each scenario (the club
bot on SQLite, on PostgreSQL, and a bare PTB echo bot) in a fresh worker process so that peak
RSS and profiles belong to one scenario only, and prints a Markdown table for the README.
"""
