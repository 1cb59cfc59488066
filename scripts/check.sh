#!/usr/bin/env bash
# Installs what is missing (with the TF.js oracle), builds, and runs every test: lit (dialect, conversion,
# frontend, pipeline, integration against TF.js) and the GoogleTest units (run from lit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
scripts/build.sh
lit=/usr/lib/llvm-19/build/utils/lit/lit.py
status=0
/usr/bin/python3 "$lit" -sv build/test --xunit-xml-output build/test/results.xml || status=$?
/usr/bin/python3 - <<'PY'
import xml.etree.ElementTree as ET
suites = list(ET.parse("build/test/results.xml").getroot().iter("testsuite"))
total, failed, skipped = (sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "skipped"))
print(f"tests: {total - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
exit $status
