"""Settings shared by every environment. Values that differ by place come from
environment variables (see settings/env.py and README.md)."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The form renderer reads the project's templates (the error summary) and
    # Django's own form and widget templates from here.
    "django.forms",
    "treebeard",
    "ninja",
    "lamtheobac.core",
    "lamtheobac.units",
    "lamtheobac.people",
    "lamtheobac.accounts",
    "lamtheobac.initiatives",
    "lamtheobac.activities",
    "lamtheobac.reports",
    "lamtheobac.home",
    "lamtheobac.demo",
    "lamtheobac.bench",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lamtheobac.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lamtheobac.core.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "lamtheobac.urls"
WSGI_APPLICATION = "lamtheobac.wsgi.application"

# Every form rendered whole ({{ form }}) starts with the summary of its errors.
FORM_RENDERER = "lamtheobac.core.forms.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lamtheobac.accounts.context_processors.scope",
            ],
            "builtins": ["lamtheobac.core.templatetags.vn"],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise
# (postgres://user:pass@host:5432/name in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The site and the task worker write at once. WAL lets readers go on
    # beside a writer; IMMEDIATE takes the write lock when a transaction
    # begins, so two writers queue for it (up to `timeout` seconds) instead of
    # both reading first and one failing with "database is locked" when it
    # tries to upgrade its lock, which SQLite cannot wait for.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("LAMTHEOBAC_SQLITE_TIMEOUT", 20),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Vietnamese first; English on request (language switcher in the footer).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("LAMTHEOBAC_STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("LAMTHEOBAC_MEDIA_ROOT", str(PROJECT_DIR / "media")))

REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lamtheobac"}
    )
}

# Login throttling: this many failures for one username or one address within
# the window lock further attempts for the rest of the window.
LOGIN_FAILURE_LIMIT = env_int("LAMTHEOBAC_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env_int("LAMTHEOBAC_LOGIN_FAILURE_WINDOW", 15 * 60)

# Attachments (photos, PDF, office files) of initiatives and activities: the largest accepted.
ATTACHMENT_MAX_BYTES = env_int("LAMTHEOBAC_ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# Uploads above this stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Background work (imports now, documents later) goes through Django's tasks
# framework. The default queue is the database, worked by `lamtheobac db_worker`
# (make demo starts one); LAMTHEOBAC_TASKS_IMMEDIATE=1 runs tasks in the request.
TASKS_IMMEDIATE = env_bool("LAMTHEOBAC_TASKS_IMMEDIATE", False)
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# Largest .xlsx accepted for a bulk import, and most rows in one file.
IMPORT_MAX_BYTES = env_int("LAMTHEOBAC_IMPORT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("LAMTHEOBAC_IMPORT_MAX_ROWS", 20_000)

# E-mail copies of notifications (reminders, returned reports) go out only when a
# mail server is named; without one, notifications stay in the site.
MAIL_HOST = env_str("EMAIL_HOST", "")
MAILERS = (
    {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": MAIL_HOST,
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                # A failed send fails its task, which keeps the error.
                "fail_silently": False,
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
    if MAIL_HOST
    else {}
)
# Without a mail server no mailer is defined, on purpose: nothing sends e-mail then
# (core.notifications checks MAIL_HOST), so Django's warning about it does not apply.
SILENCED_SYSTEM_CHECKS = [] if MAIL_HOST else ["mail.W001"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lamtheobac@localhost")
# The site's own address, for links in e-mails.
SITE_URL = env_str("LAMTHEOBAC_SITE_URL", "http://127.0.0.1:8000")

API_TOKEN_TTL_DAYS = env_int("LAMTHEOBAC_API_TOKEN_TTL_DAYS", 30)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
