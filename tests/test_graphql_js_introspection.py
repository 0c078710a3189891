"""Clients on graphql-js 16 (Saleor's storefront's code generation among them) read the API's live
introspection: every directive location is one graphql-js knows, and the schema printed from the
introspection with all directives, built-ins included, parses and builds again in graphql-js."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import get_introspection_query

from graphql_client import post

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "graphql_js" / "check_introspection.mjs"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(NODE is None, reason="Node.js is not installed (make system-deps installs it)"),
]


def graphql_js(introspection):
    if not (ROOT / "node_modules" / "graphql" / "package.json").exists():
        pytest.fail("graphql-js is missing from node_modules: run `make static-deps` (npm ci)")
    run = subprocess.run([NODE, str(SCRIPT)], input=json.dumps(introspection), capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def live_introspection():
    # the options GraphQL code generators ask for
    query = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                    input_value_deprecation=True)
    status, body = post(query)
    assert status == 200, body
    return body


def test_graphql_js_16_reads_the_live_introspection_as_code_generators_do():
    # given the API's introspection, as the storefront's `pnpm generate` fetches it
    introspection = live_introspection()

    # when graphql-js 16.8 builds, prints (with the built-in directives), parses and builds it again
    checked = graphql_js(introspection)

    # then nothing fails
    assert checked["graphqlJs"].startswith("16.8.")
    assert checked["errors"] == []


def test_the_check_fails_on_a_location_graphql_js_16_does_not_know():
    # given the introspection graphql-core 3.2.11+ gives by default (@deprecated on DIRECTIVE_DEFINITION)
    introspection = live_introspection()
    deprecated = next(d for d in introspection["data"]["__schema"]["directives"] if d["name"] == "deprecated")
    deprecated["locations"].append("DIRECTIVE_DEFINITION")

    # when graphql-js reads it
    errors = graphql_js(introspection)["errors"]

    # then both the location check and the parse of the printed schema fail, as codegen did
    assert any("@deprecated: location DIRECTIVE_DEFINITION" in error for error in errors)
    assert any('Syntax Error: Unexpected Name "DIRECTIVE_DEFINITION"' in error for error in errors)
