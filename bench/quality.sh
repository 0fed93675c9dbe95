#!/usr/bin/env bash
# Quality on the shared dev resumes, with the shared scorers, through the real command line:
# 1. ranking: every judged resume (../shared/data/dev/ranking_labels.csv: categorised TXT, annotated TXT and
#    ranking_pdf PDFs, 368 in all) imported into one job, as recruiters get them, ranked by `ranking --format
#    csv`; NDCG@10 / NDCG / grade-3 among the first 6 on the mixed pool first, its TUNE and CHECK halves, then
#    each set, beside TF-IDF and BM25 (bench/rank_report.py, with eval/rankeval.py's functions); then
#    rankeval.py's own line on the mixed pool;
# 2. fields against human annotations (eval/fieldeval.py); 3. skill precision on judged mentions
#    (bench/skill_precision.py, eval/skillprec.py); 4. PDF word fidelity against pdfminer.six.
# Uses a throwaway SQLite database under a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
[ -d "$SHARED" ] || SHARED=../../shared  # a git worktree beside the main checkout
SHARED=$(cd "$SHARED" && pwd)
DEV="$SHARED/data/dev"
PY=.venv/bin/python
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export VAR_DIR="$TMP" DATABASE_URL="sqlite:///$TMP/eval.sqlite3" LOG_LEVEL=WARNING SHARED
unset REDIS_URL

echo "== Ranking: ../shared/data/dev/ranking_labels.csv (368 judged resumes in one pool) against the Machine Learning Engineer profile"
$PY manage.py migrate -v0
$PY manage.py load_defaults >/dev/null
for set in categorised annotated ranking_pdf; do
    $PY manage.py import_resumes "$DEV/$set" --job machine-learning-engineer --wait 2>/dev/null | tail -1
done
$PY manage.py ranking --job machine-learning-engineer --format csv > "$TMP/ranking.csv"
$PY bench/rank_report.py "$TMP/ranking.csv" --labels "$DEV/ranking_labels.csv"
(cd "$DEV" && "$OLDPWD/$PY" ../../eval/rankeval.py ranking_labels.csv --ranking "$TMP/ranking.csv" | sed 's/^/rankeval.py, mixed pool: /')

echo
echo "== Fields: ../shared/data/dev/annotated (87 resumes with human annotations)"
$PY manage.py parse_resume "$DEV"/annotated/*.txt --json > "$TMP/annotated.jsonl"
$PY "$SHARED/eval/fieldeval.py" "$DEV/annotated/gold.jsonl" "$TMP/annotated.jsonl"

echo
echo "== Skills: precision on the judged mentions (../shared/data/dev/skills_judged.csv)"
$PY bench/skill_precision.py

echo
echo "== PDF text: ../shared/data/dev/pdf (110 real PDFs), word recall against pdfminer.six"
$PY manage.py parse_resume "$DEV"/pdf/*.pdf --json > "$TMP/pdf.jsonl"
$PY "$SHARED/eval/textfidelity.py" "$TMP/pdf.jsonl" "$DEV/pdf" | tail -2
