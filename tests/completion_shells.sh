#!/usr/bin/env bash
# The completion scripts at work in their shells.
#
#   completion_shells.sh ALLOT bash|zsh|fish
#
# bash: the script is sourced and its function called as bash would call it (COMP_WORDS,
# COMP_CWORD), COMPREPLY compared. fish: `complete -C` asks fish itself. zsh: the script
# parses (zsh -n), compinit finds it on fpath and binds it to allot, and an interactive zsh
# on a pseudo-terminal lists what a tab offers. Exits 0 when every
# case holds, 1 with what differed, 77 (skipped) when the shell is not installed.
set -uo pipefail
allot=$1
shell=$2
if ! command -v "$shell" >/dev/null; then
  echo "skipped: $shell is not installed (Debian: apt-get install $shell; scripts/install-deps)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$allot" completion "$shell" >"$work/script" || { echo "allot completion $shell failed"; exit 1; }
# Files to complete: two policies, a manifest, a directory.
mkdir -p "$work/files/jobs"
touch "$work/files/a.allot" "$work/files/b.allot" "$work/files/job.yaml" "$work/files/jobs/x.yaml"
failed=0
# The commands, as `allot --help` lists them (so a command added later is expected too).
commands=$("$allot" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NF > 1 { print $1 }' | LC_ALL=C sort)
case $'\n'$commands$'\n' in
  *$'\n'completion$'\n'*$'\n'validate$'\n'*) ;;
  *) echo "allot --help lists no commands: $commands"; exit 1 ;;
esac

# check 'what' 'expected, one per line, sorted' 'actual'
check() {
  if [[ $2 != "$3" ]]; then
    printf '%s\n--- expected\n%s\n--- actual\n%s\n---\n' "$1" "$2" "$3"
    failed=1
  fi
}

case $shell in
bash)
  # shellcheck disable=SC1091
  source "$work/script"
  cd "$work/files" || exit 1
  # complete WORD...: the completions of the last word (COMPREPLY, sorted, one per line).
  complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    _allot
    printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
  }
  check "registered" "complete -F _allot allot" "$(complete -p allot)"
  check "commands" "$commands" "$(complete_words allot '')"
  check "commands starting with 'c'" "$(printf '%s\n' check completion)" "$(complete_words allot c)"
  check "top-level options" "$(printf '%s\n' --color --help --version)" "$(complete_words allot --)"
  check "--color values" "$(printf '%s\n' always auto never)" "$(complete_words allot --color '')"
  check "command after --color" "validate" "$(complete_words allot --color never val)"
  check "validate --format values" "$(printf '%s\n' github json junit sarif text)" \
    "$(complete_words allot validate --format '')"
  check "validate -f j" "$(printf '%s\n' json junit)" "$(complete_words allot validate -f j)"
  check "--format=value" "sarif" "$(complete_words allot validate --format = sa)"
  check "place --strategy" "$(printf '%s\n' strict-pack strict-spread)" "$(complete_words allot place --strategy str)"
  check "validate options starting --f" "$(printf '%s\n' --fail-on-warn --format)" "$(complete_words allot validate --f)"
  check "--policy: .allot files and directories" "$(printf '%s\n' a.allot b.allot jobs)" \
    "$(complete_words allot validate --policy '')"
  check "check POLICY: .allot files and directories" "$(printf '%s\n' a.allot b.allot jobs)" \
    "$(complete_words allot check '')"
  check "validate PATH: any file" "$(printf '%s\n' job.yaml jobs)" "$(complete_words allot validate -p a.allot j)"
  check "--tier: free text" "" "$(complete_words allot show --tier '')"
  check "completion SHELL" "$(printf '%s\n' bash fish zsh)" "$(complete_words allot completion '')"
  ;;
zsh)
  zsh -n "$work/script" || { echo "zsh -n: the script does not parse"; failed=1; }
  mkdir -p "$work/fpath" && cp "$work/script" "$work/fpath/_allot"
  got=$(HOME=$work zsh -f -c "fpath=($work/fpath \$fpath); autoload -Uz compinit; compinit -u -d $work/zcompdump; print -r -- \$_comps[allot]")
  check "compinit binds allot to _allot" "_allot" "$got"
  # An interactive zsh on a pseudo-terminal (zpty): type LINE and two tabs, then wait (at
  # most 20 s) for a screen line that matches PATTERN. Prints "found", or the screen.
  cat >"$work/type.zsh" <<'ZSH'
zmodload zsh/zpty
zpty z 'TERM=dumb zsh -f -i'
zpty -w z "PROMPT='>'; fpath=($1 \$fpath); autoload -Uz compinit && compinit -u -D; cd $2"
zpty -n -w z "$3"$'\t\t'
screen= deadline=$(( SECONDS + 20 ))
while (( SECONDS < deadline )); do
  zpty -r -t z chunk && screen+=$chunk || sleep 0.1
  for l in ${(f)${screen//$'\r'/}}; do
    [[ ${l//$'\e'\[[0-9;?]#[A-Za-z]/} =~ $4 ]] && { print found; zpty -d z; exit 0; }
  done
done
print -r -- "${screen//$'\r'/}"
zpty -d z
ZSH
  zsh_complete() { HOME=$work zsh -f "$work/type.zsh" "$work/fpath" "$work/files" "$1" "$2"; }
  check "commands" "found" "$(zsh_complete 'allot pl' '^>allot place $')"
  check "--color values" "found" "$(zsh_complete 'allot --color ' '^always +auto +never *$')"
  check "validate --format values" "found" "$(zsh_complete 'allot validate --format ' '^github +json +junit +sarif +text *$')"
  check "check POLICY: .allot files and directories" "found" "$(zsh_complete 'allot check ' '^a\.allot +b\.allot +jobs/ *$')"
  check "--policy: .allot files and directories" "found" "$(zsh_complete 'allot validate -p ' '^a\.allot +b\.allot +jobs/ *$')"
  ;;
fish)
  fish --no-execute "$work/script" || { echo "fish --no-execute: the script does not parse"; failed=1; }
  cd "$work/files" || exit 1
  # fish_complete LINE: what fish completes for LINE (candidates only, sorted).
  fish_complete() {
    HOME=$work XDG_CONFIG_HOME=$work fish --no-config -c "source $work/script; complete -C '$1'" | cut -f1 | LC_ALL=C sort
  }
  check "commands" "$commands" "$(fish_complete 'allot ')"
  check "validate --format values" "$(printf '%s\n' github json junit sarif text)" \
    "$(fish_complete 'allot validate --format ')"
  check "--color values" "$(printf '%s\n' always auto never)" "$(fish_complete 'allot --color ')"
  check "check options" "$(printf '%s\n' --fail-on-warn --format)" "$(fish_complete 'allot check --f')"
  check "--policy: .allot files" "$(printf '%s\n' a.allot b.allot)" "$(fish_complete 'allot validate --policy ' | grep -v /)"
  check "completion SHELL" "$(printf '%s\n' bash fish zsh)" "$(fish_complete 'allot completion ')"
  ;;
*)
  echo "usage: completion_shells.sh ALLOT bash|zsh|fish"
  exit 2
  ;;
esac
exit $failed
