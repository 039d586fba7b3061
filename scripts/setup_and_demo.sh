#!/usr/bin/env bash
# First README command: install, then review the bundled sample dossiers into
# the embedded SQLite database (juanping.db) and write contract JSON to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/juanping review samples --db sqlite:///juanping.db --json out/samples
