"""``manage.py render_nginx_conf [--template PATH]``: print ``infra/nginx.conf.template`` with the
values the settings decide, so that nginx's request size limit is the marketplace's own.

    manage.py render_nginx_conf > /etc/nginx/sites-available/otop && nginx -t && systemctl reload nginx

The upload limit is set once (``OTOP_MAX_SPREADSHEET_MB``, ``OTOP_MAX_IMAGE_MB``: environment
variables); ``OTOP_MAX_REQUEST_BODY_MB`` is derived from them in the settings and becomes nginx's
``client_max_body_size`` here. A copy of the file with the number typed in would drift the
first time someone raised the limit (nginx accepted 20 MB while programme files could be 50 MB).
"""
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "infra" / "nginx.conf.template"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def nginx_values() -> dict:
    return {"client_max_body_size": f"{settings.OTOP_MAX_REQUEST_BODY_MB}m"}


def render(template: str, values: dict) -> str:
    missing = set(_PLACEHOLDER.findall(template)) - set(values)
    if missing:
        raise CommandError(f"the template names values this command does not know: {', '.join(sorted(missing))}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


class Command(BaseCommand):
    help = "Print the nginx configuration (infra/nginx.conf.template) with the limits of the settings."

    def add_arguments(self, parser):
        parser.add_argument("--template", default=str(TEMPLATE), help="the template to fill in")

    def handle(self, *args, **options):
        self.stdout.write(render(Path(options["template"]).read_text(encoding="utf-8"), nginx_values()), ending="")
