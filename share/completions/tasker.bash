# bash completion for tasker(1)                                  -*- shell-script -*-
# Installed as share/bash-completion/completions/tasker; or source it from ~/.bashrc.
# Written by `tasker completions bash` from tasker's option tables: change those, not this file.

_tasker_commands="gather list any every after chain run completions report"
_tasker_global_options="-h --help -V --version --output --color --json --report --junit --html
  --no-step-summary -q --quiet -v --verbose --shell --stdin --capture-limit -S --hosts
  --hosts-file --ssh --executor --slurm-args"

# The options of command $1, besides the global ones.
_tasker_command_options() {
  case $1 in
    gather) echo "-j --jobs --timeout --retries --retry-delay --names --from --args --link
      --grace -k --keep-order --progress --no-progress --on-fire --joblog --resume
      --resume-failed --rerun-failed --results --consume-errors" ;;
    list) echo "-j --jobs --timeout --retries --retry-delay --names --from --args --link --grace
      -k --keep-order --progress --no-progress --on-fire --joblog --resume --resume-failed
      --rerun-failed --results --fire-on-one-callback --fire-on-one-errback --consume-errors" ;;
    any) echo "-j --jobs --timeout --retries --retry-delay --names --from --args --link --grace
      -k --keep-order --progress --no-progress --on-fire --joblog --resume --resume-failed
      --rerun-failed --results" ;;
    every) echo "--now --no-now --count --for --until-success --keep-going --max-failures
      --timeout --grace --changes" ;;
    after) echo "--timeout --grace" ;;
    chain) echo "--grace" ;;
    run) echo "-f --file --list --dry-run" ;;
    completions) echo "" ;;
    report) echo "--markdown" ;;
  esac
}

# _tasker_value OPTION: completes the value of OPTION and returns 0, or returns 1 when OPTION
# takes no value.
_tasker_value() {
  case $1 in
    --output) mapfile -t COMPREPLY < <(compgen -W "prefixed grouped raw quiet" -- "$cur") ;;
    --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur") ;;
    --report | --junit | --html | --hosts-file | --from | --args | --joblog | -f | --file)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    --shell)
      mapfile -t COMPREPLY < <(compgen -W "always" -- "$cur"; compgen -c -- "$cur" | sort -u) ;;
    --stdin) mapfile -t COMPREPLY < <(compgen -W "null inherit" -- "$cur") ;;
    --capture-limit | -S | --hosts | --ssh | --executor | --slurm-args | -j | --jobs | --retries | \
      --names | --rerun-failed | --results | --count | --max-failures) COMPREPLY=() ;;
    --timeout | --retry-delay | --grace | --for)
      mapfile -t COMPREPLY < <(compgen -W "250ms 1s 5s 10s 30s 1m 5m 1h" -- "$cur") ;;
    --on-fire) mapfile -t COMPREPLY < <(compgen -W "cancel wait" -- "$cur") ;;
    # chain's --trap LIST: statuses, ranges and these words, comma-separated.
    --trap)
      local done=""
      [[ $cur == *,* ]] && done=${cur%,*},
      mapfile -t COMPREPLY < <(compgen -P "$done" -W "timeout signal" -- "${cur##*,}") ;;
    --name) COMPREPLY=() ;;
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
      gather | list | any | every | after | chain | run | completions | report)
        command=${words[i]}
        command_at=$i
        break
        ;;
      --output | --color | --report | --junit | --html | --shell | --stdin | --capture-limit | \
      -S | --hosts | --hosts-file | --ssh | --executor | --slurm-args) ((i++)) ;;
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

  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W "$_tasker_commands" -- "$cur")
    fi
    return
  fi

  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options $(_tasker_command_options \
      "$command")" -- "$cur")
  elif [[ $command == every || $command == after ]]; then
    if [[ -z $interval_seen ]]; then
      mapfile -t COMPREPLY < <(compgen -W "0 250ms 1s 5s 10s 30s 1m 5m 1h" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
    fi
  else
    case $command in
      completions) mapfile -t COMPREPLY < <(compgen -W "bash zsh fish" -- "$cur") ;;
      # A command of gather, list or any is one shell word: offer files, as the shell would.
      *) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    esac
  fi
}

# True when OPTION takes a value in the next word.
_tasker_takes_value() {
  case $1 in
    --output | --color | --report | --junit | --html | --shell | --stdin | --capture-limit | -S | \
      --hosts | --hosts-file | --ssh | --executor | --slurm-args | -j | --jobs | --timeout | \
      --retries | --retry-delay | --names | --from | --args | --grace | --on-fire | --joblog | \
      --rerun-failed | --results | --count | --for | --max-failures | -f | --file) return 0 ;;
  esac
  return 1
}

# chain CMD STEP...: before CMD the global options and chain's own; CMD and each step's command
# are one word, completed as a command name; after CMD or a step its flags and the next steps.
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
      mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options $(_tasker_command_options \
        chain)" -- "$cur")
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

# run [OPTIONS] [NAME...]: options until the first NAME (after it every word is a name), and the
# names `tasker run --list` prints for the task file.
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
    mapfile -t COMPREPLY < <(compgen -W "$_tasker_global_options $(_tasker_command_options \
      run)" -- "$cur")
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
