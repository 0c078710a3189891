"""A request Django refuses as suspicious (a made-up Host, too many form fields) is answered 400 and
logged as one WARNING line saying what was refused, not as an ERROR with a traceback: anyone can
send one, and a scan of the shop must not fill the error log or mail the admins."""
import io
import logging

import pytest

from marketplace.core.refused_requests import RefusedRequestFilter


@pytest.fixture
def security_log():
    """What the ``django.security`` loggers' configured handler writes, each line with its level."""
    handlers = [handler for handler in logging.getLogger("django.security").handlers
                if any(isinstance(f, RefusedRequestFilter) for f in handler.filters)]
    assert len(handlers) == 1, "django.security has its own handler (settings.LOGGING)"
    handler, stream = handlers[0], io.StringIO()
    previous, formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    yield stream
    handler.setStream(previous)
    handler.setFormatter(formatter)


def _lines(stream):
    return [line for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_a_made_up_host_is_a_400_logged_as_one_warning_line(client, security_log, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    lines = _lines(security_log)
    assert len(lines) == 1 and lines[0].startswith("WARNING ") and "evil.example" in lines[0], lines
    assert "Traceback" not in security_log.getvalue()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # nothing reaches the error log


@pytest.mark.django_db
def test_a_form_of_too_many_fields_is_a_400_logged_as_one_warning_line(client, security_log, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post("/accounts/login/", {f"field{i}": "x" for i in range(60)})
    assert response.status_code == 400
    lines = _lines(security_log)
    assert len(lines) == 1 and lines[0].startswith("WARNING ") and "fields" in lines[0].lower(), lines
    assert "Traceback" not in security_log.getvalue()


def test_what_is_not_a_refused_request_keeps_its_level(security_log):
    logger = logging.getLogger("django.security.SomethingElse")
    logger.error("a server error", extra={"status_code": 500})
    logger.warning("a CSRF failure", extra={"status_code": 403})
    assert _lines(security_log) == ["ERROR a server error", "WARNING a CSRF failure"]
