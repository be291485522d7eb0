#!/bin/sh
# Redraws the README's screenshots from the real binary: seeds a demo history (examples/demo_data.rs)
# in a temporary directory, drives certtrack in a 100x30 tmux pane, and saves each screen as text.
# Needs tmux. Run from the repository root: sh assets/screenshots/capture.sh
set -eu
out=assets/screenshots
tmp=$(mktemp -d)
trap 'tmux kill-session -t certtrack-shot 2>/dev/null || true; rm -rf "$tmp"' EXIT
export CERTTRACK_NOW=1790000000 CERTTRACK_DATA_DIR="$tmp/data" CERTTRACK_DB="$tmp/demo.db" \
    CERTTRACK_CONFIG="$tmp/config.toml" NO_COLOR=1
cargo build --release --quiet --example demo_data --bin certtrack
./target/release/examples/demo_data "$CERTTRACK_DB"

# shot NAME KEYS... : send the keys (with a pause after each), then save the pane as NAME.txt
shot() {
    name=$1; shift
    for k in "$@"; do tmux send-keys -t certtrack-shot "$k"; sleep 0.4; done
    tmux capture-pane -p -t certtrack-shot | sed 's/[[:space:]]*$//' > "$out/$name.txt"
}
start() {
    tmux kill-session -t certtrack-shot 2>/dev/null || true
    tmux new-session -d -s certtrack-shot -x 100 -y 30 -e "CERTTRACK_NOW=$CERTTRACK_NOW" \
        -e "CERTTRACK_DATA_DIR=$CERTTRACK_DATA_DIR" -e "CERTTRACK_DB=$CERTTRACK_DB" \
        -e "CERTTRACK_CONFIG=$CERTTRACK_CONFIG" -e NO_COLOR=1 "$@"
    sleep 1
}

start ./target/release/certtrack
shot dashboard
shot exam Enter
shot stats Escape s
shot review Escape r Space
start ./target/release/certtrack quiz --mode exam --exam aws-saa-c03
shot exam-simulation a Right b Right m
start env PS1='$ ' sh
shot quick-quiz "./target/release/certtrack quiz --quick --exam az-104" Enter
echo "saved: $(ls "$out"/*.txt | tr '\n' ' ')"
