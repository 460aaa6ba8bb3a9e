"""Local settings: `make demo` and the tests. SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-lamtheobac-0123456789abcdefghijklmnopqrstuvwxyz")
