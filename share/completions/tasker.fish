# fish completion for tasker(1). Installed as /etc/fish/completions/tasker.fish under /usr/local,
# else share/fish/vendor_completions.d/tasker.fish; or copy it to ~/.config/fish/completions/.

set -l commands gather list any every after
set -l parallel gather list any
set -l durations '0 250ms 1s 5s 10s 30s 1m 5m 1h'

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
                case gather list any every after
                    set command $word
                case --output --color --report --junit --shell --stdin --capture-limit
                    set skip 1
            end
            continue
        end
        contains -- $command every after; or continue
        switch $word
            case --
                test $interval -eq 1; and return 1
            case --output --color --report --junit --shell --stdin --capture-limit --count --for --max-failures --timeout --grace
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
                case --output --color --report --junit --shell --stdin --capture-limit
                    set skip 1
                case gather list any
                    return 1
            end
            continue
        end
        switch $word
            case --output --color --report --junit --shell --stdin --capture-limit --count --for --max-failures --timeout --grace
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
            case --output --color --report --junit --shell --stdin --capture-limit --count --for --max-failures --timeout --grace
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
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a gather -d 'Run every command; fail fast on the first failure'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a list -d 'Run every command and report each outcome (DeferredList)'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a any -d 'Succeed with the first command to succeed, cancel the rest'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a every -d 'Run a command every INTERVAL on a fixed grid'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a after -d 'Run a command once after DELAY'

# Options of every command
complete -c tasker -n __tasker_in_options -l output -x -a 'prefixed\t"each line as it comes, as name | line" grouped\t"each task\'s output whole when it ends" raw\t"no prefix" quiet\t"no task output"' -d 'How task output is shown'
complete -c tasker -n __tasker_in_options -l color -x -a 'auto always never' -d 'Color labels'
complete -c tasker -n __tasker_in_options -l json -d 'Print only the JSON report on stdout'
complete -c tasker -n __tasker_in_options -l report -r -F -d 'Also write the JSON report to FILE'
complete -c tasker -n __tasker_in_options -l junit -r -F -d 'Write a JUnit XML report to FILE'
complete -c tasker -n __tasker_in_options -s q -l quiet -d 'No summary at the end'
complete -c tasker -n __tasker_in_options -s v -l verbose -d 'Log each task\'s start and end'
complete -c tasker -n __tasker_in_options -l shell -x -a 'always\t"/bin/sh for every command" (__fish_complete_command)' -d 'Run every command through this shell'
complete -c tasker -n __tasker_in_options -l stdin -x -a 'null\t"/dev/null (default)" inherit\t"tasker\'s stdin"' -d 'Where tasks read from'
complete -c tasker -n __tasker_in_options -l capture-limit -x -d 'With --json: bytes kept per stream per task'
complete -c tasker -n __tasker_in_options -s h -l help -d 'Print help and exit'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version and exit'

# gather, list, any
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -s j -l jobs -x -d 'Run at most N tasks at once; 0 = no limit'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l timeout -x -a $durations -d 'Stop a task running longer (status 124)'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l retries -x -d 'Run a failing task again up to N times'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l retry-delay -x -a $durations -d 'Wait before the first retry, doubled each time'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l names -x -d 'Names for the tasks, comma-separated'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l from -r -F -d 'Read more commands from FILE (- = stdin)'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l grace -x -a $durations -d 'Time between SIGTERM and SIGKILL on cancel'
complete -c tasker -n "__fish_seen_subcommand_from $parallel" -l on-fire -x -a 'cancel\t"cancel the other tasks (default)" wait\t"let them finish"' -d 'When the run fires early'
complete -c tasker -n "__fish_seen_subcommand_from gather list" -l consume-errors -d 'Failed tasks are handled by the run'
complete -c tasker -n "__fish_seen_subcommand_from list" -l fire-on-one-callback -d 'Fire with the first task to succeed'
complete -c tasker -n "__fish_seen_subcommand_from list" -l fire-on-one-errback -d 'Fail with the first task to fail (FirstError)'

# every and after: the interval, the options, then the command, completed as a command line.
complete -c tasker -n __tasker_needs_interval -x -a $durations
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l now -d 'First run at once (default)'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l no-now -d 'First run after one interval'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l count -x -d 'Stop after N runs'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l for -x -a $durations -d 'Stop DURATION after the start'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l until-success -d 'Stop at the first run that succeeds'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l keep-going -d 'Failed runs do not stop the loop'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l max-failures -x -d 'Stop after N failures in a row'
complete -c tasker -n "__fish_seen_subcommand_from every; and __tasker_in_options" -l changes -d 'Print a run\'s output only when it changed'
complete -c tasker -n "__fish_seen_subcommand_from every after; and __tasker_in_options" -l timeout -x -a $durations -d 'Stop a run taking longer (status 124)'
complete -c tasker -n "__fish_seen_subcommand_from every after; and __tasker_in_options" -l grace -x -a $durations -d 'Time between SIGTERM and SIGKILL on cancel'
complete -c tasker -n "__fish_seen_subcommand_from every after; and not __tasker_needs_interval; and __tasker_in_options" -x -a '(__fish_complete_command)'
complete -c tasker -n "__fish_seen_subcommand_from every after; and not __tasker_in_options" -x -a '(__tasker_complete_command)'
