"""How a request Django refuses as suspicious is logged.

Django answers a made-up ``Host``, a form of more fields or files than allowed, a body over the
size limit or a forged session with 400 and logs it on ``django.security.<what>`` at ERROR with
the exception's traceback: anyone can cause one, so every scan of the shop filled the error log
(and would mail the admins) with tracebacks of the shop's own refusals. Such a refusal is the
client's error: it is logged here as one WARNING line saying what was refused, still on its own
logger so that monitoring can count it. Anything else logged there (a 500, a CSRF failure) keeps
its level."""
import logging


class RefusedRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and getattr(record, "status_code", None) == 400:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
