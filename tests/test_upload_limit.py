"""One request size limit, set in one place: the upload limits in the settings (environment
variables), from which the request body limit is derived and nginx's client_max_body_size is
rendered (``manage.py render_nginx_conf``)."""
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent


def rendered():
    out = StringIO()
    call_command("render_nginx_conf", stdout=out)
    return out.getvalue()


def body_limits(conf):
    return re.findall(r"^\s*client_max_body_size\s+([^;]+);", conf, re.MULTILINE)


def test_nginx_accepts_the_largest_programme_file_the_settings_accept(settings):
    # given the default settings (programme files up to 50 MB)
    assert settings.OTOP_MAX_SPREADSHEET_MB == 50

    # when the nginx configuration is rendered
    limits = body_limits(rendered())

    # then nginx takes the 50 MB file and the form around it (it took 20 MB)
    assert limits == [f"{settings.OTOP_MAX_REQUEST_BODY_MB}m"]
    assert settings.OTOP_MAX_REQUEST_BODY_MB == 53


@pytest.mark.parametrize("environment, expected", [
    ({"OTOP_MAX_SPREADSHEET_MB": "120"}, "123m"),
    ({"OTOP_MAX_SPREADSHEET_MB": "5", "OTOP_MAX_IMAGE_MB": "30"}, "33m"),  # the larger of the two uploads
])
def test_changing_the_upload_limit_in_the_environment_changes_nginx(environment, expected):
    # when the configuration is rendered by a deployment with its own limits
    result = subprocess.run([sys.executable, "manage.py", "render_nginx_conf"], cwd=REPO, capture_output=True,
                            text=True, check=True, env={**os.environ, **environment})

    # then nginx follows them, with nothing else to edit
    assert body_limits(result.stdout) == [expected]


def test_the_rendered_configuration_has_no_placeholder_left_and_no_typed_limit():
    template = (REPO / "infra" / "nginx.conf.template").read_text(encoding="utf-8")

    assert body_limits(template) == ["{{ client_max_body_size }}"]  # the number lives in the settings only
    assert "{{" not in rendered()
    assert not (REPO / "infra" / "nginx.conf").exists()
