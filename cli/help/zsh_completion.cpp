// The zsh completion script: `tasker completions zsh`, shipped as share/completions/_tasker.

#include "cli/help/completion_scripts.hpp"

#include <algorithm>

namespace tasker::cli {
namespace {

constexpr const char* kTemplate = R"ZSH(#compdef tasker
# zsh completion for tasker(1). Installed as share/zsh/site-functions/_tasker (the .deb:
# share/zsh/vendor-completions/_tasker); or put it in a directory of $fpath.
# Written by `tasker completions zsh` from tasker's option tables: change those, not this file.

_tasker_durations() {
  local -a durations
  durations=(0 250ms 1s 5s 10s 30s 1m 5m 1h)
  _describe -t durations 'duration (250ms, 10s, 1.5s, 2m, 1h30m, 1d)' durations
}

# every and after: INTERVAL (or DELAY), options, then the command. Once the command has started,
# its words are completed as a command line of their own, as for watch or nice; before that,
# _arguments completes the options, the interval and the command's name.
_tasker_timed() {
  local i=2 interval=0 first=0
  while (( i < CURRENT )); do
    if [[ $words[i] == -- ]]; then
      (( interval )) && { first=$(( i + 1 )); break }
    elif [[ $words[i] == -* ]]; then
      [[ $words[i] == (@TIMED_VALUE_PATTERN@) ]] &&
        (( i++ ))
    elif (( interval )); then
      first=$i
      break
    else
      interval=1
    fi
    (( i++ ))
  done
  if (( first )); then
    shift $(( first - 1 )) words
    (( CURRENT -= first - 1 ))
    _normal
    return
  fi
  _arguments -s -S "$@" '1:interval:_tasker_durations' '2:command:_command_names -e'
}

# chain CMD STEP...: before CMD the global options and chain's own; CMD and each step's command
# are one word, completed as a command name; after CMD or a step its flags and the next steps.
# Its words are read here, not by _arguments, because each step takes the same flags again.
_tasker_chain() {
  local i=2 cmd=0 step= command_ends=0
  while (( i < CURRENT )); do
    if (( ! cmd )); then
      case $words[i] in
        (@CHAIN_VALUE_PATTERN@) (( i++ )) ;;
        (-*) ;;
        (*) cmd=$i ;;
      esac
    else
      case $words[i] in
        (--then|--catch|--both|--finally) step=$words[i]; command_ends=$(( i + 1 )); (( i++ )) ;;
        (--callbacks) step=$words[i]; command_ends=$(( i + 2 )); (( i += 2 )) ;;
        (--timeout|--retries|--retry-delay|--name|--trap) (( i++ )) ;;
      esac
    fi
    (( i++ ))
  done
  if (( ! cmd )); then
    _arguments -s -S "$@" '1:command (one word):_command_names -e'
  elif (( CURRENT <= command_ends )); then
    _command_names -e
  else
    local value=$words[CURRENT-1]
    if [[ $PREFIX == --*=* ]]; then
      value=${PREFIX%%=*}
      compset -P '*='
    fi
    case $value in
      (--timeout|--retry-delay) _tasker_durations ;;
      (--retries) _message 'number of retries' ;;
      (--name) _message 'name of the step' ;;
      (--trap)
        local -a traps
        traps=('timeout:a timeout (status 124)' 'signal:killed by a signal')
        compset -P '*,'
        _describe -t traps 'statuses (1,3-5,timeout)' traps
        ;;
      (*)
        local -a flags
        flags=(
          '--then:run CMD on a success (addCallback)'
          '--catch:run CMD on a failure (addErrback)'
          '--both:run CMD either way (addBoth)'
          '--finally:run CMD either way and keep the result'
          '--callbacks:CB on a success, EB on a failure, one level (addCallbacks)'
          '--timeout:stop this step running longer (status 124)'
          '--retries:run this step again up to N times'
          '--retry-delay:wait before the first retry, doubled each time'
          '--name:name this step in labels and the report'
        )
        [[ $step == --catch ]] && flags+=('--trap:run only on these statuses')
        _describe -t flags 'step or option' flags
        ;;
    esac
  fi
}

# The names of the tasks `tasker run --list` prints, for the -f FILE on the line if any.
_tasker_task_names() {
  local file i=${words[(I)(-f|--file)]}
  if (( i && i < CURRENT - 1 )); then
    file=$words[i+1]
  else
    i=${words[(I)--file=*]}
    (( i )) && file=${words[i]#--file=}
  fi
  local -a list names
  list=(run)
  [[ -n $file ]] && list+=(-f ${(Q)~file})
  # A missing or bad task file offers nothing.
  list=("${(@f)$(_call_program tasks ${(q)tasker_command} ${(q)list} --list 2>/dev/null)}") ||
    return 1
  names=(${list%% *})
  _describe -t tasks 'task' names
}

_tasker() {
  local curcontext=$curcontext state state_descr line ret=1
  # The tasker that was typed, for `tasker run --list`.
  local tasker_command=$words[1]
  local -A opt_args
  local -a global_options @COMMAND_ARRAY_NAMES@

  global_options=(
@GLOBAL_SPECS@
  )
@COMMAND_ARRAYS@

  _arguments -C -s -S \
    $global_options \
    '1:command:->command' \
    '*::argument:->argument' && ret=0

  case $state in
    command)
      local -a commands
      commands=(
@COMMAND_LIST@
      )
      _describe -t commands 'tasker command' commands && ret=0
      ;;
    argument)
      curcontext=${curcontext%:*:*}:tasker-$words[1]:
      case $words[1] in
@COMMAND_CASES@
      esac
      ;;
  esac
  return ret
}

_tasker "$@"
)ZSH";

// `text` inside a single-quoted zsh word.
std::string single_quoted(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
  return out;
}

// `text` as an _arguments description or message: no bare [ ] or :, which end them.
std::string described(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '[' || c == ']' || c == ':')
      out += '\\';
    out += c;
  }
  return single_quoted(out);
}

std::string action(const CompletionOption& option) {
  switch (option.kind) {
    case ValueKind::words:
      return "(" + join(option.words, " ") + ")";
    case ValueKind::file:
      return "_files";
    case ValueKind::duration:
      return "_tasker_durations";
    case ValueKind::command:
      return "_alternative \"values\\:value\\:(" + join(option.words, " ") +
             ")\" \"commands\\:command\\:_command_names -e\"";
    case ValueKind::other:
    case ValueKind::none:
      break;
  }
  return "";
}

// The _arguments spec of `option`: '--json[...]', '--output=[...]:MODE:(...)',
// '(-j --jobs)'{-j+,--jobs=}'[...]:N:'.
std::string spec(const CompletionOption& option) {
  const bool value = option.kind != ValueKind::none;
  std::vector<std::string> typed;
  for (const std::string& name : option.names)
    typed.push_back(name + (!value ? "" : name.starts_with("--") ? "=" : "+"));
  const bool exits = std::any_of(option.names.begin(), option.names.end(), [](const auto& name) {
    return name == "--help" || name == "--version";
  });
  std::string text;
  if (exits)
    text = "'(- *)'";
  else if (option.names.size() > 1)
    text = "'(" + join(option.names, " ") + ")'";
  text += typed.size() > 1 ? "{" + join(typed, ",") + "}'" : "'" + typed.front();
  text += "[" + described(option.description) + "]";
  if (value)
    text += ":" + described(option.value) + ":" + single_quoted(action(option));
  return text + "'";
}

std::string array_name(const CompletionCommand& command) {
  return command.name + "_options";
}

}  // namespace

std::string zsh_completion(const CompletionModel& model) {
  std::string global_specs;
  for (const CompletionOption& option : model.global) global_specs += "    " + spec(option) + "\n";
  global_specs.pop_back();
  std::vector<std::string> array_names;
  std::string arrays;
  std::string list;
  std::string cases;
  for (const CompletionCommand& command : model.commands) {
    array_names.push_back(array_name(command));
    arrays += "  " + array_name(command) + "=(\n";
    for (const CompletionOption& option : command.options) arrays += "    " + spec(option) + "\n";
    arrays += "  )\n";
    list += "        '" + command.name + ":" + described(command.description) + "'\n";
    const std::string options = "$global_options $" + array_name(command);
    std::string call;
    if (command.name == "every" || command.name == "after")
      call = "_tasker_timed " + options;
    else if (command.name == "chain")
      call = "_tasker_chain " + options;
    else if (command.name == "run")
      // Every word after the first NAME is a name, so the options come before it.
      call = "_arguments -s -S -A '-*' " + options + " '*:task:_tasker_task_names'";
    else if (!command.words.empty())
      call = "_arguments -s -S " + options + " '1:value:(" + join(command.words, " ") + ")'";
    else
      call = "_arguments -s -S " + options + " '*:shell command: '";
    cases += "        " + command.name + ")\n          " + call + " && ret=0\n          ;;\n";
  }
  arrays.pop_back();
  list.pop_back();
  cases.pop_back();
  std::vector<std::string> timed = value_option_names(model.global);
  std::vector<std::string> chain = timed;
  for (const char* name : {"every", "after"}) {
    for (const std::string& option : value_option_names(command_named(model, name).options)) {
      if (std::find(timed.begin(), timed.end(), option) == timed.end())
        timed.push_back(option);
    }
  }
  for (const std::string& option : value_option_names(command_named(model, "chain").options))
    chain.push_back(option);
  return fill_template(kTemplate, {{"TIMED_VALUE_PATTERN", join(timed, "|")},
                                   {"CHAIN_VALUE_PATTERN", join(chain, "|")},
                                   {"COMMAND_ARRAY_NAMES", join(array_names, " ")},
                                   {"GLOBAL_SPECS", global_specs},
                                   {"COMMAND_ARRAYS", arrays},
                                   {"COMMAND_LIST", list},
                                   {"COMMAND_CASES", cases}});
}

}  // namespace tasker::cli
