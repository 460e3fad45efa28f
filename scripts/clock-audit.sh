#!/usr/bin/env bash
# The suite at other instants and in other time zones (issue 11): nothing in it may depend on
# when or where it runs.
#
#   scripts/clock-audit.sh [pytest arguments]     (default: tests/unit tests/functional tests/protocol)
#
# Runs pytest under libfaketime (Debian package `faketime`) at three instants chosen to break
# date-dependent tests: 23:30 Paris time in winter (février) and in summer (août: month names
# with a non-ASCII letter), and New Year's Eve 23:30 UTC, already the next year in Paris. Each run
# also sets another TZ, which the test stacks' servers inherit (bench/servers.py INHERITED): the
# services must show Paris time whatever the machine's zone.
#
# Only the test process is on the fake clock. The servers and child processes run on the real
# one: libfaketime 0.9.10 breaks Python 3.11's time.sleep (EINVAL from clock_nanosleep) and hangs
# timed waits, so a faked gunicorn does not start. The tests that compare the test's clock with a
# server's (token iat/exp, client assertions, a killed child's age) are therefore left out below;
# they run in `make test`, where both clocks agree. For the same reason the interpreter can hang at
# exit on a timed wait: a run is judged by pytest's summary line, and killed after it.
# Chromium is left out by default; give tests/browser explicitly to include it.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || scripts/apt-deps.sh faketime
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(tests/unit tests/functional tests/protocol)
cross_clock=(
    tests/protocol/test_happy_flow.py::test_id_token_is_es256_signed_with_a_published_kid_and_holds_the_required_claims
    "tests/protocol/test_client_auth.py::test_each_registered_method_redeems_a_code[jwt]"
    tests/protocol/test_client_auth.py::test_replayed_assertion_is_refused
    tests/protocol/test_client_auth.py::test_big_enough_assertion_lifetime_is_accepted
    tests/protocol/test_client_auth.py::test_assertion_expiring_far_in_the_future_is_refused
    tests/functional/ballots/test_crash.py
)
deselect=()
for t in "${cross_clock[@]}"; do deselect+=(--deselect "$t"); done
log=$(mktemp)
summary_line='^(=+ )?[0-9]+ (passed|failed|error)|^(=+ )?no tests ran'
status=0
while read -r day hour zone; do
    echo "=== $day $hour UTC, TZ=$zone"
    # Its own session, so that the whole run (faketime, pytest, the stacks) can be stopped at once.
    TZ=$zone setsid faketime -f "@$day $hour" \
        .venv/bin/python -m pytest -q -p no:cacheprovider "${deselect[@]}" "${args[@]}" </dev/null >"$log" 2>&1 &
    pid=$!
    # The summary line ends the run, even when the interpreter then hangs on a timed wait.
    until grep -qE "$summary_line" "$log" || ! kill -0 $pid 2>/dev/null; do sleep 2; done
    sleep 5
    kill -- -$pid 2>/dev/null
    wait $pid 2>/dev/null
    cat "$log"
    summary=$(grep -E "$summary_line" "$log" | tail -1)
    if [[ -z $summary || $summary =~ (failed|error) ]]; then
        status=1
        echo "=== ÉCHEC à $day $hour UTC, TZ=$zone : ${summary:-pas de résumé}"
    fi
done <<'EOF'
2027-02-15 22:30:00 Europe/Paris
2027-08-10 21:30:00 UTC
2027-12-31 23:30:00 Pacific/Noumea
EOF
rm -f "$log"
exit $status
