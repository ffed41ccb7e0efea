# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for mwb
_mwb()
{
    local cur prev words cword
    _init_completion || return
    local commands="lint rules plan detect status new apply down repair probe version help"
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --version --help" -- "$cur"))
        return
    fi
    case $prev in
        --dialect) COMPREPLY=($(compgen -W "postgresql mysql mariadb sqlite" -- "$cur")); return ;;
        --format)
            if [[ ${words[1]} == lint ]]; then
                COMPREPLY=($(compgen -W "text json sarif" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "text json" -- "$cur"))
            fi
            return ;;
        --severity) COMPREPLY=($(compgen -W "info warning error" -- "$cur")); return ;;
        --driver) COMPREPLY=($(compgen -W "libpqxx qtsql" -- "$cur")); return ;;
        --url|--target-version|--rules|--env|--to|--confirm|--steps|--version|--timeout|--emergency-reason) return ;;
    esac
    local opts
    case ${words[1]} in
        lint) opts="--dialect --target-version --url --format --rules --severity --env" ;;
        rules) opts="--format --output-dir" ;;
        plan) opts="list new rename-column change-type add-not-null-column add-foreign-key add-unique add-index drop-column drop-table split-table --table --column --columns --to --type --types --using --value --references --new-table --not-null --dialect --start --key --batch --lock-timeout --name --dry-run --format" ;;
        detect) opts="--format" ;;
        status) opts="--url --format" ;;
        new) opts="" ;;
        apply) opts="--url --env --to --dry-run --confirm --format" ;;
        down) opts="--url --steps --to --env --confirm --emergency-reason --dry-run --format" ;;
        repair) opts="--url --version --execute --env --confirm --format" ;;
        probe) opts="--url --driver --format --timeout" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        _filedir
    fi
}
complete -F _mwb mwb
