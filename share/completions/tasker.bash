# bash completion for tasker(1)                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/tasker; or source it from ~/.bashrc.

_tasker_global_options="--output --color --json --report --junit -q --quiet -v --verbose --shell
  --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args -h --help -V
  --version"
_tasker_parallel_options="-j --jobs --timeout --retries --retry-delay --names --from --grace
  --on-fire"

# _tasker_value OPTION: completes the value of OPTION and returns 0, or returns 1 when OPTION
# takes no value.
_tasker_value() {
  case $1 in
    --output) mapfile -t COMPREPLY < <(compgen -W "prefixed grouped raw quiet" -- "$cur") ;;
    --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur") ;;
    --stdin) mapfile -t COMPREPLY < <(compgen -W "null inherit" -- "$cur") ;;
    --on-fire) mapfile -t COMPREPLY < <(compgen -W "cancel wait" -- "$cur") ;;
    --executor) mapfile -t COMPREPLY < <(compgen -W "local slurm" -- "$cur") ;;
    --hosts-file) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    -S | --hosts) mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur") ;;
    --ssh | --slurm-args) COMPREPLY=() ;;
    --report | --junit | --from | -f | --file) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    --shell) mapfile -t COMPREPLY < <(compgen -W always -- "$cur"; compgen -c -- "$cur" | sort -u) ;;
    --timeout | --retry-delay | --grace | --for)
      mapfile -t COMPREPLY < <(compgen -W "250ms 1s 10s 30s 1m 5m 1h" -- "$cur") ;;
    # chain's --trap LIST: statuses, ranges and these words, comma-separated.
    --trap)
      local done=""
      [[ $cur == *,* ]] && done=${cur%,*},
      mapfile -t COMPREPLY < <(compgen -P "$done" -W "timeout signal" -- "${cur##*,}") ;;
    --name) COMPREPLY=() ;;
    -j | --jobs | --retries | --names | --capture-limit | --count | --max-failures) COMPREPLY=() ;;
    *) return 1 ;;
  esac
  return 0
}

_tasker() {
  local cur prev words cword split
  if declare -F _init_completion >/dev/null; then
    # -s: `--output=gr` completes as `--output gr`.
    _init_completion -s || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    # Without bash-completion, `--output=gr` comes as `--output` `=` `gr`.
    if [[ $prev == = ]] && ((cword > 1)); then
      prev=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == = ]]; then
      prev=${COMP_WORDS[COMP_CWORD - 1]}
      cur=""
    fi
  fi

  # The command's name, and where it is, skipping global options and their values.
  local i command="" command_at=0
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      gather | list | any | every | after | chain | run)
        command=${words[i]}
        command_at=$i
        break
        ;;
      --output | --color | --report | --junit | --shell | --stdin | --capture-limit | -S | --hosts | \
        --hosts-file | --ssh | --executor | --slurm-args) ((i++)) ;;
    esac
  done

  # every and after: INTERVAL (or DELAY) first, then options, then the command, whose words are
  # completed as a command line of their own, as for watch or sudo.
  local interval_seen=""
  if [[ $command == every || $command == after ]]; then
    for ((i = command_at + 1; i < cword; i++)); do
      case ${words[i]} in
        --)
          if [[ -n $interval_seen ]]; then
            _tasker_command_at $((i + 1))
            return
          fi
          ;;
        -*) _tasker_takes_value "${words[i]}" && ((i++)) ;;
        =) ;;
        *)
          if [[ -z $interval_seen ]]; then
            interval_seen=1
          else
            _tasker_command_at "$i"
            return
          fi
          ;;
      esac
    done
  fi

  if [[ $command == chain ]]; then
    _tasker_chain
    return
  fi
  if [[ $command == run ]]; then
    _tasker_run
    return
  fi

  if _tasker_value "$prev"; then
    return
  fi

  local options=$_tasker_global_options
  case $command in
    "")
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -W "gather list any every after chain run" -- "$cur")
      fi
      return
      ;;
    gather) options+=" $_tasker_parallel_options --consume-errors" ;;
    list)
      options+=" $_tasker_parallel_options --consume-errors --fire-on-one-callback"
      options+=" --fire-on-one-errback"
      ;;
    any) options+=" $_tasker_parallel_options" ;;
    every)
      options+=" --now --no-now --count --for --until-success --keep-going --max-failures"
      options+=" --timeout --grace --changes"
      ;;
    after) options+=" --timeout --grace" ;;
  esac

  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  elif [[ $command == every || $command == after ]]; then
    if [[ -z $interval_seen ]]; then
      mapfile -t COMPREPLY < <(compgen -W "0 250ms 1s 5s 10s 30s 1m 5m 1h" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
    fi
  else
    # A command of gather, list or any is one shell word: offer files, as the shell would.
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

# True when OPTION takes a value in the next word.
_tasker_takes_value() {
  case $1 in
    --output | --color | --report | --junit | --shell | --stdin | --capture-limit | -j | --jobs | \
      --timeout | --retries | --retry-delay | --names | --from | --grace | --on-fire | --count | \
      --for | --max-failures | -f | --file) return 0 ;;
  esac
  return 1
}

# chain CMD STEP...: before CMD the global options and --grace; CMD and each step's command are
# one word, completed as a command name; after CMD or a step its flags and the next steps.
_tasker_chain() {
  local i cmd_seen="" step="" command_ends=0
  for ((i = command_at + 1; i < cword; i++)); do
    if [[ -z $cmd_seen ]]; then
      case ${words[i]} in
        -*) _tasker_takes_value "${words[i]}" && ((i++)) ;;
        =) ;;
        *) cmd_seen=1 ;;
      esac
      continue
    fi
    case ${words[i]} in
      --then | --catch | --both | --finally)
        step=${words[i]}
        command_ends=$((i + 1))
        ((i++))
        ;;
      --callbacks)
        step=${words[i]}
        command_ends=$((i + 2))
        ((i += 2))
        ;;
      --timeout | --retries | --retry-delay | --name | --trap) ((i++)) ;;
    esac
  done
  if [[ -z $cmd_seen ]]; then
    if _tasker_value "$prev"; then
      return
    elif [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options --grace" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
    fi
  elif ((cword <= command_ends)); then
    mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
  elif ! _tasker_value "$prev"; then
    local flags="--then --catch --both --finally --callbacks --timeout --retries --retry-delay"
    flags+=" --name"
    [[ $step == --catch ]] && flags+=" --trap"
    mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
  fi
}

# run [-f FILE] [--list] [--dry-run] [NAME...]: options until the first NAME (after it every word
# is a name), and the names `tasker run --list` prints for the task file.
_tasker_run() {
  local i names_started=0 file=""
  for ((i = command_at + 1; i < cword && !names_started; i++)); do
    case ${words[i]} in
      -f | --file)
        file=${words[i + 1]}
        # Without bash-completion, --file=F comes as --file = F.
        [[ $file == = ]] && file=${words[i + 2]} && ((i++))
        ((i++))
        ;;
      --file=*) file=${words[i]#--file=} ;;
      -*) _tasker_takes_value "${words[i]}" && ((i++)) ;;
      =) ;;
      *) names_started=1 ;;
    esac
  done
  if ((!names_started)) && _tasker_value "$prev"; then
    return
  elif ((!names_started)) && [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options -f --file --list --dry-run" \
      -- "$cur")
  else
    local -a list=(run)
    [[ -n $file ]] && list+=(-f "${file/#\~/$HOME}")
    local names
    # A missing or bad task file offers nothing.
    names=$("${words[0]}" "${list[@]}" --list 2>/dev/null </dev/null) || return 0
    mapfile -t COMPREPLY < <(compgen -W "$(cut -d' ' -f1 <<<"$names")" -- "$cur")
  fi
}

# Completes the words from index $1 on as a command line of their own.
_tasker_command_at() {
  if declare -F _command_offset >/dev/null; then
    _command_offset "$1"
  elif (($1 == cword)); then
    mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

complete -F _tasker tasker
