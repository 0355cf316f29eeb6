#!/bin/bash
# The man pages render without a warning (groff -ww, man --warnings), pywarden(1) documents
# every subcommand and every option its --help lists, pywarden-policy(5) every key the
# policy loader accepts; the bash completion completes commands, options and values.
. "$(dirname "$0")/lib.sh"

for page in "$SOURCE_DIR/man/pywarden.1" "$SOURCE_DIR/man/pywarden-policy.5"; do
    warnings=$(groff -ww -man -z "$page" 2>&1)
    [ -z "$warnings" ] || fail "groff -ww $page: $warnings"
    warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man --warnings $page: $warnings"
done

page1=$(cat "$SOURCE_DIR/man/pywarden.1")
pw=$BUILD_DIR/pywarden
# The options `pywarden CMD --help` lists: in the synopsis ("[--x", "| --x") or indented.
help_options() {
    "$pw" "$1" --help 2>&1 | grep -oE '(^ +|\[|\| )--[a-z][a-z-]*[a-z]' | grep -o -- '--.*' | sort -u
}
for cmd in run check doctor serve worker submit; do
    expect_contains "$page1" ".SS $cmd" "pywarden.1"
    for opt in $(help_options "$cmd"); do
        expect_contains "$page1" "${opt//-/\\-}" "pywarden.1 ($cmd)"
    done
done
for opt in --version --help; do expect_contains "$page1" "${opt//-/\\-}" "pywarden.1"; done
# As rendered (a macro such as .OP drops arguments it does not take): each command's
# synopsis names every option its --help lists, and check's section every problem kind.
rendered=$(MANWIDTH=400 man -l "$SOURCE_DIR/man/pywarden.1" 2>/dev/null)
synopsis() { # command -> its synopsis, continuation lines joined
    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' <<<"$rendered" |
        awk -v c="$1" '/^ +pywarden /{on = ($2 == c)} on' | tr -s ' \n' ' '
}
for cmd in run check doctor serve worker submit; do
    for opt in $(help_options "$cmd"); do
        [ "$opt" = --help ] || expect_contains "$(synopsis "$cmd")" "$opt" "pywarden.1 synopsis of $cmd"
    done
done
check_section=$(sed -n '/^   check/,/^   doctor/p' <<<"$rendered" | tr -s ' \n' ' ')
for kind in $("$pw" check --help | sed -n '/^kinds:/,/\./p' | grep -oE '[a-z]+_[a-z_]+'); do
    expect_contains "$check_section" "$kind" "pywarden.1 (check's problem kinds)"
done

page5=$(cat "$SOURCE_DIR/man/pywarden-policy.5")
keys=$(grep -o 'strcmp(k, "[a-z_]*")' "$SOURCE_DIR/src/policy.c" | grep -o '"[a-z_]*"' | tr -d '"')
[ -n "$keys" ] || fail "found no policy keys in src/policy.c"
for key in $keys; do
    expect_contains "$page5" ".BR $key \" (" "pywarden-policy.5"
done
# Each integer key's range as README's policy reference gives it (`| `cpu_s` | int 0..86400 |`).
while IFS='|' read -r _ key type _; do
    key=$(tr -d ' `' <<<"$key") range=${type# int } range=${range% }
    expect_contains "$page5" ".BR $key \" (integer $range, default" "pywarden-policy.5"
done < <(grep -E '^\| `[a-z_]+` \| int ' "$SOURCE_DIR/README.md")
# Bash completion: subcommands, each command's options, --mode's values.
complete_words() { # words... -> COMPREPLY for the last one
    # shellcheck disable=SC1091
    . "$SOURCE_DIR/completion/pywarden.bash"
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _pywarden
    echo "${COMPREPLY[*]}"
}
[ "$(complete_words pywarden se)" = serve ] || fail "completion of 'se': $(complete_words pywarden se)"
[ "$(complete_words pywarden w)" = worker ] || fail "completion of 'w': $(complete_words pywarden w)"
[ "$(complete_words pywarden run --m)" = --mode ] || fail "completion of 'run --m'"
[ "$(complete_words pywarden run --mode s)" = stdio ] || fail "completion of '--mode s'"
[ "$(complete_words pywarden serve --g)" = --grace-ms ] || fail "completion of 'serve --g'"
for cmd in run check doctor serve worker submit; do
    offered=" $(complete_words pywarden "$cmd" --) "
    for opt in $(help_options "$cmd"); do
        expect_contains "$offered" " $opt " "completion of 'pywarden $cmd --'"
    done
done
echo "man: ok"
