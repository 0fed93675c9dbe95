#!/usr/bin/env bash
# Quality on the shared dev resumes, with the shared scorers: ranking NDCG beside TF-IDF and BM25,
# field extraction against human annotations, and PDF word fidelity against pdfminer.six.
# Uses a throwaway SQLite database under a temporary folder; prints the scorers' own output.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PY=.venv/bin/python
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export VAR_DIR="$TMP" DATABASE_URL="sqlite:///$TMP/eval.sqlite3" LOG_LEVEL=WARNING
unset REDIS_URL

echo "== Ranking: ../shared/data/dev/categorised (65 resumes) against the Machine Learning Engineer profile"
$PY manage.py migrate -v0
$PY manage.py load_defaults >/dev/null
$PY manage.py import_resumes "$SHARED/data/dev/categorised" --job machine-learning-engineer --wait 2>/dev/null | tail -1
$PY manage.py ranking --job machine-learning-engineer --format csv > "$TMP/ranking.csv"
(cd "$SHARED/data/dev/categorised" && "$OLDPWD/$PY" ../../../eval/rankeval.py labels.csv --ranking "$TMP/ranking.csv" --baselines .)

echo
echo "== Fields: ../shared/data/dev/annotated (87 resumes with human annotations)"
$PY manage.py parse_resume "$SHARED"/data/dev/annotated/*.txt --json > "$TMP/annotated.jsonl"
$PY "$SHARED/eval/fieldeval.py" "$SHARED/data/dev/annotated/gold.jsonl" "$TMP/annotated.jsonl"

echo
echo "== PDF text: ../shared/data/dev/pdf (110 real PDFs), word recall against pdfminer.six"
$PY manage.py parse_resume "$SHARED"/data/dev/pdf/*.pdf --json > "$TMP/pdf.jsonl"
$PY "$SHARED/eval/textfidelity.py" "$TMP/pdf.jsonl" "$SHARED/data/dev/pdf" | tail -2
