# fish completion for tasker(1). Installed as /etc/fish/completions/tasker.fish under /usr/local,
# else share/fish/vendor_completions.d/tasker.fish; or copy it to ~/.config/fish/completions/.
# Written by `tasker completions fish` from tasker's option tables: change those, not this file.

set -l commands gather list any every after chain run completions report
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
            case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args
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
                case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args
                    set pending value
                case '-*'
                case '*'
                    set command $word
            end
            continue
        end
        if test $cmd_seen -eq 0
            switch $word
                case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args --grace
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
                case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args
                    set skip 1
            end
            continue
        end
        if contains -- $command chain run
            switch $word
                case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args --grace -f --file
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
            case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args --count --for --max-failures --timeout --grace
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
                case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args
                    set skip 1
                case '-*'
                case '*'
                    return 1
            end
            continue
        end
        switch $word
            case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args --count --for --max-failures --timeout --grace
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
            case --output --color --report --junit --html --shell --stdin --capture-limit -S --hosts --hosts-file --ssh --executor --slurm-args --count --for --max-failures --timeout --grace
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
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a gather -d 'Run every command; fail fast on the first failure (gatherResults)'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a list -d 'Run every command and report each outcome (DeferredList)'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a any -d 'Run every command; succeed with the first to succeed, cancel the rest'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a every -d 'Run a command every INTERVAL on a fixed grid, never overlapping (LoopingCall)'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a after -d 'Run a command once after DELAY; Ctrl-C before then runs nothing'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a chain -d 'Run CMD, then each step on its outcome: a Deferred\'s callbacks and errbacks'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a run -d 'Run tasks of a task file (tasker.toml): chains, groups and loops that nest'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a completions -d 'Print the completion script of bash, zsh or fish'
complete -c tasker -n "not __fish_seen_subcommand_from $commands" -a report -d 'Render a saved JSON report: a Markdown summary, an HTML page (--html), JUnit (--junit)'

# Options of every command
complete -c tasker -n "__tasker_in_options $commands" -s h -l help -d 'Print this help message and exit'
complete -c tasker -n "__tasker_in_options $commands" -s V -l version -d 'Display program version information and exit'
complete -c tasker -n "__tasker_in_options $commands" -l output -x -a 'prefixed grouped raw quiet' -d 'How task output is shown: prefixed, grouped, raw, quiet'
complete -c tasker -n "__tasker_in_options $commands" -l color -x -a 'auto always never' -d 'Color labels: auto (a terminal without NO_COLOR), always, never'
complete -c tasker -n "__tasker_in_options $commands" -l json -d 'Print only the JSON report on stdout; task output is captured into it'
complete -c tasker -n "__tasker_in_options $commands" -l report -r -F -d 'Also write the JSON report to FILE (not --junit\'s, not --from\'s)'
complete -c tasker -n "__tasker_in_options $commands" -l junit -r -F -d 'Write a JUnit XML report to FILE'
complete -c tasker -n "__tasker_in_options $commands" -l html -r -F -d 'Write the run\'s timeline page, one self-contained HTML file, to FILE'
complete -c tasker -n "__tasker_in_options $commands" -l no-step-summary -d 'On GitHub Actions, do not append a summary to $GITHUB_STEP_SUMMARY'
complete -c tasker -n "__tasker_in_options $commands" -s q -l quiet -d 'No summary at the end'
complete -c tasker -n "__tasker_in_options $commands" -s v -l verbose -d 'Log each task\'s start and end'
complete -c tasker -n "__tasker_in_options $commands" -l shell -x -a 'always (__fish_complete_command)' -d 'Run every command as PATH -c CMD (`always`: /bin/sh); without it, a command with no shell syntax runs directly'
complete -c tasker -n "__tasker_in_options $commands" -l stdin -x -a 'null inherit' -d 'Tasks read from /dev/null (null) or tasker\'s stdin (inherit)'
complete -c tasker -n "__tasker_in_options $commands" -l capture-limit -x -d 'With --json: bytes kept per stream per task (the tail)'
complete -c tasker -n "__tasker_in_options $commands" -s S -l hosts -x -d 'Run the tasks on these SSH hosts, N at once on each (`:` is this machine)'
complete -c tasker -n "__tasker_in_options $commands" -l hosts-file -r -F -d 'Read more hosts from FILE, one [N/]HOST per line'
complete -c tasker -n "__tasker_in_options $commands" -l ssh -x -d 'The ssh client and its options (default: ssh)'
complete -c tasker -n "__tasker_in_options $commands" -l executor -x -d 'Run the tasks here (local, the default) or as Slurm job steps (slurm: srun)'
complete -c tasker -n "__tasker_in_options $commands" -l slurm-args -x -d 'With --executor slurm: more srun options, split as a shell splits words'

# The commands' own options; chain's before its CMD.
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -s j -l jobs -x -d 'Run at most N tasks at once; 0 = no limit'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l timeout -x -a $durations -d 'Stop a task running longer (status 124); more than 0'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l retries -x -d 'Run a failing task again up to N times'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l retry-delay -x -a $durations -d 'Wait before the first retry, doubled each time'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l names -x -d 'Names for the tasks, comma-separated'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l from -r -F -d 'Read more commands from FILE, one per line (- = stdin)'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l args -r -F -d 'Run the template once per line of FILE, blank lines too (- = stdin)'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l link -d 'Pair the inputs of the sources one to one instead of combining them all'
complete -c tasker -n "__tasker_command_is gather list any every after; and __tasker_in_options $commands" -l grace -x -a $durations -d 'Time between SIGTERM and SIGKILL on cancel'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -s k -l keep-order -d 'Print the tasks\' output in input order, holding later tasks\' output'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l progress -l no-progress -d 'Show progress on stderr: on a terminal by default, else a line every 10 s'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l on-fire -x -a 'cancel wait' -d 'When the run fires early: cancel the other tasks, or wait for them'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l joblog -r -F -d 'Log each finished task to FILE in GNU parallel\'s format'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l resume -d 'Skip the tasks the --joblog FILE lists'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l resume-failed -d 'Skip the tasks the --joblog FILE lists as succeeded; run the rest'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l rerun-failed -x -d 'Run only the tasks a JSON report (--report) lists as not succeeded'
complete -c tasker -n "__tasker_command_is gather list any; and __tasker_in_options $commands" -l results -x -d 'Write each task\'s stdout, stderr and meta.json under DIR/<seq>/'
complete -c tasker -n "__tasker_command_is gather list; and __tasker_in_options $commands" -l consume-errors -d 'Failed tasks are handled by the run: no unhandled failures'
complete -c tasker -n "__tasker_command_is list; and __tasker_in_options $commands" -l fire-on-one-callback -d 'Fire with the first task to succeed'
complete -c tasker -n "__tasker_command_is list; and __tasker_in_options $commands" -l fire-on-one-errback -d 'Fail with the first task to fail (FirstError)'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l now -l no-now -d 'First run at once (default) or after one interval'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l count -x -d 'Stop after N runs'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l for -x -a $durations -d 'Stop DURATION after the start; a run in flight finishes'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l until-success -d 'Stop at the first run that succeeds; failed runs go on'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l keep-going -d 'Failed runs do not stop the loop'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l max-failures -x -d 'With --keep-going: stop after N failures in a row'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l timeout -x -a $durations -d 'Stop a run taking longer (status 124); more than 0'
complete -c tasker -n "__tasker_command_is every; and __tasker_in_options $commands" -l changes -d 'Print a run\'s output only when it differs from the previous run\'s'
complete -c tasker -n "__tasker_command_is after; and __tasker_in_options $commands" -l timeout -x -a $durations -d 'Stop the command if it runs longer (status 124); more than 0'
complete -c tasker -n "__tasker_command_is run; and __tasker_in_options $commands" -s f -l file -r -F -d 'The task file'
complete -c tasker -n "__tasker_command_is run; and __tasker_in_options $commands" -l list -d 'Print each task\'s name and desc, run nothing'
complete -c tasker -n "__tasker_command_is run; and __tasker_in_options $commands" -l dry-run -d 'Print the tree that would run and what each part waits for, run nothing'
complete -c tasker -n "__tasker_command_is completions; and __tasker_in_options $commands" -x -a 'bash zsh fish'
complete -c tasker -n "__tasker_command_is report; and __tasker_in_options $commands" -l markdown -d 'Print the Markdown summary on stdout (the default without --html or --junit)'
complete -c tasker -n "__tasker_chain_is before" -l grace -x -a $durations -d 'Time between SIGTERM and SIGKILL on cancel'

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
