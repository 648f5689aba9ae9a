# bash completion for infralint(1): commands, options, option values and rule ids.
# Options and formats come from `infralint --help`, rule ids from `infralint rules` (with the
# Lua policies of the configuration in the current directory), so this file never lists them.

_infralint_rules()
{
    "$1" rules 2>/dev/null | awk 'NF > 1 && $1 ~ /^[a-z0-9]+\/[a-z0-9-]+$/ { print $1 }'
}

_infralint()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n = || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local bin=${words[0]}
    command -v "$bin" >/dev/null 2>&1 || bin=infralint

    local help
    help=$("$bin" --help 2>/dev/null) || return
    local commands
    commands=$(printf '%s\n' "$help" | awk '/^  infralint / { w = $2; gsub(/[][]/, "", w); if (w !~ /^-/ && w != "[options]") print w }')

    # the command: the first word after the program, if it is one
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *) if printf '%s\n' $commands | grep -qx -- "${words[i]}"; then cmd=${words[i]}; fi
           break ;;
        esac
    done

    case $prev in
    -f | --format)
        local formats
        if [ "$cmd" = rules ]; then
            formats="text json markdown"
        else
            formats=$(printf '%s\n' "$help" | sed -n 's/.*--format FMT\[=FILE\].*): *//p' | tr -d ',')
        fi
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return ;;
    --fail-on)
        COMPREPLY=($(compgen -W "error warning note never" -- "$cur"))
        return ;;
    --color)
        COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
        return ;;
    --isolate)
        COMPREPLY=($(compgen -W "process none" -- "$cur"))
        return ;;
    --persona)
        COMPREPLY=($(compgen -W "regular pedantic auditor" -- "$cur"))
        return ;;
    --enable | --disable)
        COMPREPLY=($(compgen -W "$(_infralint_rules "$bin")" -- "$cur"))
        return ;;
    -e | --env)
        COMPREPLY=($(compgen -W "prod staging dev" -- "$cur"))
        return ;;
    --since)
        COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' 2>/dev/null)" -- "$cur"))
        return ;;
    -o | --output | -c | --config | --baseline | --write-baseline)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    -p | --policy)
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    esac

    if [[ $cur == -* ]]; then
        local opts
        opts=$(printf '%s\n' "$help" | sed -n 's/^  \(-[a-zA-Z], \)\{0,1\} *\(--[a-z-]*\).*/\1 \2/p' | tr -d ',')
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
    explain)
        COMPREPLY=($(compgen -W "$(_infralint_rules "$bin")" -- "$cur"))
        return ;;
    help)
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return ;;
    rules)
        return ;;
    "")
        COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -f -- "$cur"))
        return ;;
    esac
    COMPREPLY=($(compgen -f -- "$cur"))
}

# shellcheck disable=SC2207 # COMPREPLY=($(compgen …)) is how completions are written
complete -o filenames -F _infralint infralint
