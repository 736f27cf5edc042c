// The fish completion script: `tasker completions fish`, shipped as share/completions/tasker.fish.

#include "cli/help/completion_scripts.hpp"

#include <algorithm>

namespace tasker::cli {
namespace {

constexpr const char* kTemplate =
    R"FISH(# fish completion for tasker(1). Installed as /etc/fish/completions/tasker.fish under /usr/local,
# else share/fish/vendor_completions.d/tasker.fish; or copy it to ~/.config/fish/completions/.
# Written by `tasker completions fish` from tasker's option tables: change those, not this file.

set -l commands @COMMANDS@
set -l durations '0 250ms 1s 5s 10s 30s 1m 5m 1h'

# True when the command (the first word after the global options) is one of $argv.
function __tasker_command_is
    set -l words (commandline -opc)
    set -l skip 0
    for word in $words[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case @GLOBAL_VALUE_OPTIONS@
                set skip 1
            case '-*'
            case '*'
                contains -- $word $argv
                return
        end
    end
    return 1
end

# What the word being completed is in `tasker chain`: before (options or CMD), command (of a
# step), duration, number, name, trap, or flags (a step or an option of the last one). A second
# line is the last step's flag.
function __tasker_chain_state
    set -l words (commandline -opc)
    set -l pending
    set -l command
    set -l cmd_seen 0
    set -l step
    for word in $words[2..-1]
        if test -n "$pending[1]"
            set -e pending[1]
            continue
        end
        if test -z "$command"
            switch $word
                case @GLOBAL_VALUE_OPTIONS@
                    set pending value
                case '-*'
                case '*'
                    set command $word
            end
            continue
        end
        if test $cmd_seen -eq 0
            switch $word
                case @CHAIN_VALUE_OPTIONS@
                    set pending value
                case '-*'
                case '*'
                    set cmd_seen 1
            end
            continue
        end
        switch $word
            case --then --catch --both --finally
                set step $word
                set pending command
            case --callbacks
                set step $word
                set pending command command
            case --timeout --retry-delay
                set pending duration
            case --retries
                set pending number
            case --name
                set pending name
            case --trap
                set pending trap
        end
    end
    if test -n "$pending[1]"
        echo $pending[1]
    else if test $cmd_seen -eq 0
        echo before
    else
        echo flags
    end
    echo $step
end

# True when the word being completed in `tasker chain` is $argv[1] (see __tasker_chain_state);
# `flags --catch`: after a --catch step.
function __tasker_chain_is
    __tasker_command_is chain; or return
    set -l state (__tasker_chain_state)
    test "$state[1]" = $argv[1]; or return
    test -z "$argv[2]"; or test "$state[2]" = $argv[2]
end

# The names of the tasks `tasker run --list` prints, for the -f FILE on the line if any; nothing
# when the file is missing or bad.
function __tasker_task_names
    set -l words (commandline -opc)
    set -l list run
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case -f --file
                set i (math $i + 1)
                set -q words[$i]; and set list run -f $words[$i]
            case '--file=*'
                set list run -f (string replace -- --file= '' $words[$i])
        end
        set i (math $i + 1)
    end
    set -l names ($words[1] $list --list 2>/dev/null </dev/null); or return
    set -q names[1]; or return
    string replace -r -- ' .*' '' $names
end

# The words of chain's --trap LIST besides numbers and ranges.
function __tasker_traps
    printf '%s\t%s\n' timeout 'a timeout (status 124)' signal 'killed by a signal'
end

# True before the command's name, or, for every and after, until their command has started:
# INTERVAL (or DELAY), then options, then the command.
function __tasker_in_options
    set -l words (commandline -opc)
    set -e words[1]
    set -l command
    set -l interval 0
    set -l skip 0
    for word in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        if test -z "$command"
            switch $word
                case $argv
                    set command $word
                case @GLOBAL_VALUE_OPTIONS@
                    set skip 1
            end
            continue
        end
        if contains -- $command chain run
            switch $word
                case @CHAIN_RUN_VALUE_OPTIONS@
                    set skip 1
                case '-*'
                case '*'
                    return 1
            end
            continue
        end
        contains -- $command every after; or continue
        switch $word
            case --
                test $interval -eq 1; and return 1
            case @TIMED_VALUE_OPTIONS@
                set skip 1
            case '-*'
            case '*'
                test $interval -eq 1; and return 1
                set interval 1
        end
    end
    return 0
end

# True when the next word of every or after is its INTERVAL (or DELAY).
function __tasker_needs_interval
    set -l words (commandline -opc)
    set -l command
    set -l skip 0
    for word in $words[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        if test -z "$command"
            switch $word
                case every after
                    set command $word
                case @GLOBAL_VALUE_OPTIONS@
                    set skip 1
                case '-*'
                case '*'
                    return 1
            end
            continue
        end
        switch $word
            case @TIMED_VALUE_OPTIONS@
                set skip 1
            case '-*'
            case '*'
                return 1
        end
    end
    test -n "$command"
end

# The completions of the command line that every or after runs, as for sudo or nice.
function __tasker_complete_command
    set -l words (commandline -opc)
    set -l command_at 0
    set -l interval 0
    set -l skip 0
    set -l i 1
    for word in $words[2..-1]
        set i (math $i + 1)
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case @TIMED_VALUE_OPTIONS@
                set skip 1
            case --
                if test $interval -eq 1
                    set command_at (math $i + 1)
                    break
                end
            case '-*' every after
            case '*'
                if test $interval -eq 1
                    set command_at $i
                    break
                end
                set interval 1
        end
    end
    test $command_at -gt 0; or return
    complete -C (string join -- ' ' (string escape -- $words[$command_at..-1]) (commandline -ct))
end

complete -c tasker -f

# Commands
@COMMAND_LINES@

# Options of every command
@GLOBAL_LINES@

# The commands' own options; chain's before its CMD.
@COMMAND_OPTION_LINES@

# every and after: the interval, the options, then the command, completed as a command line.
complete -c tasker -n __tasker_needs_interval -x -a $durations
complete -c tasker -n "__tasker_command_is every after; and not __tasker_needs_interval; and __tasker_in_options $commands" -x -a '(__fish_complete_command)'
complete -c tasker -n "__tasker_command_is every after; and not __tasker_in_options $commands" -x -a '(__tasker_complete_command)'

# chain: CMD and each step's command are one word, completed as a command name; after CMD or a
# step its flags and the next steps.
complete -c tasker -n "__tasker_chain_is before" -x -a '(__fish_complete_command)'
complete -c tasker -n "__tasker_chain_is command" -x -a '(__fish_complete_command)'
complete -c tasker -n "__tasker_chain_is duration" -x -a $durations
complete -c tasker -n "__tasker_chain_is trap" -x -a '(__fish_complete_list , __tasker_traps)'
complete -c tasker -n "__tasker_chain_is flags" -l then -x -d 'Run CMD on a success (addCallback)'
complete -c tasker -n "__tasker_chain_is flags" -l catch -x -d 'Run CMD on a failure (addErrback)'
complete -c tasker -n "__tasker_chain_is flags --catch" -l trap -x -a '(__fish_complete_list , __tasker_traps)' -d 'Run the --catch only on these statuses'
complete -c tasker -n "__tasker_chain_is flags" -l both -x -d 'Run CMD either way (addBoth)'
complete -c tasker -n "__tasker_chain_is flags" -l finally -x -d 'Run CMD either way, keep the result'
complete -c tasker -n "__tasker_chain_is flags" -l callbacks -x -d 'CB on a success, EB on a failure (addCallbacks)'
complete -c tasker -n "__tasker_chain_is flags" -l timeout -x -a $durations -d 'Stop this step running longer (status 124)'
complete -c tasker -n "__tasker_chain_is flags" -l retries -x -d 'Run this step again up to N times'
complete -c tasker -n "__tasker_chain_is flags" -l retry-delay -x -a $durations -d 'Wait before the first retry, doubled each time'
complete -c tasker -n "__tasker_chain_is flags" -l name -x -d 'Name this step in labels and the report'

# run: the names of the task file's tasks.
complete -c tasker -n "__tasker_command_is run" -x -a '(__tasker_task_names)'
)FISH";

std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

// `complete` arguments for `option`'s names, value and description.
std::string option_arguments(const CompletionOption& option) {
  std::string text;
  for (const std::string& name : option.names)
    text += (name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1));
  switch (option.kind) {
    case ValueKind::words:
      text += " -x -a " + single_quoted(join(option.words, " "));
      break;
    case ValueKind::file:
      text += " -r -F";
      break;
    case ValueKind::duration:
      text += " -x -a $durations";
      break;
    case ValueKind::command:
      text += " -x -a " + single_quoted(join(option.words, " ") + " (__fish_complete_command)");
      break;
    case ValueKind::other:
      text += " -x";
      break;
    case ValueKind::none:
      break;
  }
  return text + " -d " + single_quoted(option.description);
}

std::vector<std::string> with(std::vector<std::string> names,
                              const std::vector<std::string>& more) {
  for (const std::string& name : more) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  }
  return names;
}

}  // namespace

std::string fish_completion(const CompletionModel& model) {
  std::vector<std::string> commands;
  std::string command_lines;
  for (const CompletionCommand& command : model.commands) {
    commands.push_back(command.name);
    command_lines += "complete -c tasker -n \"not __fish_seen_subcommand_from $commands\" -a " +
                     command.name + " -d " + single_quoted(command.description) + "\n";
  }
  command_lines.pop_back();

  std::string global_lines;
  for (const CompletionOption& option : model.global)
    global_lines +=
        "complete -c tasker -n \"__tasker_in_options $commands\"" + option_arguments(option) + "\n";
  global_lines.pop_back();

  // An option several commands share is one line for all of them; chain's come before its CMD.
  std::vector<std::pair<std::string, std::vector<std::string>>> lines;  // arguments, commands
  std::string chain_lines;
  for (const CompletionCommand& command : model.commands) {
    for (const CompletionOption& option : command.options) {
      const std::string arguments = option_arguments(option);
      if (command.name == "chain") {
        chain_lines += "complete -c tasker -n \"__tasker_chain_is before\"" + arguments + "\n";
        continue;
      }
      auto found = std::find_if(lines.begin(), lines.end(),
                                [&](const auto& line) { return line.first == arguments; });
      if (found == lines.end())
        found = lines.emplace(lines.end(), arguments, std::vector<std::string>{});
      found->second.push_back(command.name);
    }
    if (!command.words.empty() && command.name != "chain")
      lines.push_back({" -x -a " + single_quoted(join(command.words, " ")), {command.name}});
  }
  std::string command_option_lines;
  for (const auto& [arguments, names] : lines) {
    command_option_lines += "complete -c tasker -n \"__tasker_command_is " + join(names, " ") +
                            "; and __tasker_in_options $commands\"" + arguments + "\n";
  }
  command_option_lines += chain_lines;
  command_option_lines.pop_back();

  const std::vector<std::string> global = value_option_names(model.global);
  std::vector<std::string> timed = global;
  for (const char* name : {"every", "after"})
    timed = with(timed, value_option_names(command_named(model, name).options));
  const std::vector<std::string> chain =
      with(global, value_option_names(command_named(model, "chain").options));
  const std::vector<std::string> chain_run =
      with(chain, value_option_names(command_named(model, "run").options));
  return fill_template(kTemplate, {{"COMMANDS", join(commands, " ")},
                                   {"GLOBAL_VALUE_OPTIONS", join(global, " ")},
                                   {"CHAIN_VALUE_OPTIONS", join(chain, " ")},
                                   {"CHAIN_RUN_VALUE_OPTIONS", join(chain_run, " ")},
                                   {"TIMED_VALUE_OPTIONS", join(timed, " ")},
                                   {"COMMAND_LINES", command_lines},
                                   {"GLOBAL_LINES", global_lines},
                                   {"COMMAND_OPTION_LINES", command_option_lines}});
}

}  // namespace tasker::cli
