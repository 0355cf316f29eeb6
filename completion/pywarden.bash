# bash completion for pywarden(1); installed as share/bash-completion/completions/pywarden.
_pywarden_policies()
{
    local dir
    for dir in "$(dirname "$(readlink -f "$(command -v pywarden)")")/../share/pywarden/policy" \
        "$PYWARDEN_POLICY_DIR"; do
        [[ -d $dir ]] && compgen -W "$(cd "$dir" && ls *.json 2>/dev/null | sed 's/\.json$//')" -- "$1"
    done
}

_pywarden()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    cmd=${COMP_WORDS[1]}
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "run check doctor serve worker submit --version --help" -- "$cur")
        return
    fi
    case $prev in
    --file | --inputs-file) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --work-dir | --work-root) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --mode) mapfile -t COMPREPLY < <(compgen -W "main body stdio" -- "$cur"); return ;;
    --policy)
        mapfile -t COMPREPLY < <(_pywarden_policies "$cur"; compgen -f -- "$cur")
        return
        ;;
    --code | --inputs | --timeout-ms | --entry | --workers | --grace-ms | --allow-policies) return ;;
    --redis | --stream | --group | --consumer | --claim-idle-ms | --max-deliveries | --reply | --wait-ms) return ;;
    esac
    local opts
    case $cmd in
    run) opts="--code --file --inputs --inputs-file --timeout-ms --policy --entry --mode --work-dir --help" ;;
    check) opts="--code --file --policy --entry --mode --work-dir --help" ;;
    doctor) opts="--json --policy --allow-policies --allow-inline-policies --help" ;;
    serve) opts="--workers --policy --grace-ms --allow-policies --allow-inline-policies --work-root --help" ;;
    worker) opts="--redis --stream --group --consumer --workers --policy --allow-policies --allow-inline-policies --claim-idle-ms --max-deliveries --grace-ms --work-root --help" ;;
    submit) opts="--redis --stream --reply --wait-ms --help" ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
}
complete -F _pywarden pywarden
