from tests.e2e.conftest import emu, make_world, world  # noqa: F401
