#pragma once
// The task file (docs/behaviour.md "Task files"): TOML 1.0, read with toml++, into the TaskSpec
// tree. Nothing here runs anything; every check that needs only the file is made here, so a bad
// file is refused whole, before anything starts.
//
// FILE. The top level holds one table, `tasks`, of named tasks: `[tasks.NAME]`. Any other
// top-level key is an unknown key. A file with no tasks parses (to no tasks). Task names match
// [A-Za-z0-9_.-]+. Tasks come out in the order they appear in the file.
//
// A TASK is a table (a named task, or an inline table where a task may stand) with these keys,
// all optional:
//   desc                  string: the description `tasker run --list` shows.
//  Body, at most one of:
//   run                   string: one command.
//   gather, list, any     array of tasks (see USES), not empty: a group.
//  Levels (docs/behaviour.md "Chains"), after the body:
//   chain                 array of level tables, in order (see LEVELS).
//   then, catch, finally  a command or a table (see USES): the short form, adding a `then`, a
//                         `catch` and a `finally` level in that fixed order, whatever their order
//                         in the file. Not together with `chain`.
//   trap                  with the short `catch` only: the statuses it handles (see TRAP).
//  First:
//   needs                 array of tasks (see USES) that must succeed before the body.
//  Options of the body (docs/behaviour.md "Task options"):
//   timeout, retry_delay, grace   duration strings ("250ms", "10s", "1h30m"; parse_duration).
//   retries               integer, 0 to 1000000.
//  Options of a group body:
//   jobs                  integer, 0 (no limit) to 1000000.
//   on_fire               "cancel" or "wait".
//   consume_errors        boolean; gather and list (any always consumes errors).
//   fire_on_one_callback, fire_on_one_errback     booleans; list only.
//  Where commands run:
//   env                   table of strings: variable names (not empty, no '=') to values.
//   cwd                   string, not empty; kept as written (relative to the file's folder).
//  Wrappers, at most one of:
//   delay                 duration: wait once, then run.
//   every                 duration: repeat the whole run on the `every` grid, with its options:
//     count, max_failures     integers, at least 1.
//     for                     duration.
//     now, until_success, keep_going, changes     booleans (max_failures implies keep_going).
// Numbers are TOML integers written in decimal: a string ("3"), a float, a negative number or
// one written in hexadecimal, octal or binary is refused. Durations are strings: `timeout = 10`
// is refused (write "10s"). Commands are strings, not empty or blank, without a NUL byte, at
// most kMaxCommandLength bytes; they may span lines.
//
// USES. In gather, list, any and needs a string is a task name (a Ref); in run, then, catch,
// finally, both and callbacks a string is a command (an anonymous task whose body runs it).
// Except for `run`, which takes a command string only, any of them takes a table instead:
// `{ task = "NAME" }` (no other key) refers to a named task; any other table is an anonymous
// task with every key above (its own body, options, levels, needs, wrapper).
//
// LEVELS. Each item of `chain` is a table with exactly one of `then = X`, `catch = X`, `both =
// X`, `finally = X` or `callbacks = [CB, EB]` (X, CB and EB: uses in command place), and, with
// `catch` only, `trap`. Options of a level go inside its X table, not beside it.
//
// TRAP. An array, not empty, of status numbers (integers 1 to 255) and strings: "3", a range
// "a-b" (1 <= a <= b <= 255), "timeout" (124), "signal" (129-192); StatusTrap::add per item.
//
// A task needs something to run: a body, needs or levels.
//
// ERRORS. Everything wrong is an InputError whose what() is one line,
// "FILE:LINE:COLUMN: message", with toml++'s positions (lines and columns from 1), pointing at
// the offending key, value or table. In the order they are found:
//  - TOML syntax, with toml++'s own message (TOML 1.0 only: a TOML 1.1 multi-line inline table
//    or `\e` escape is a syntax error).
//  - Per task, keys in file order (a nested task's when its key is reached): an unknown key,
//    with the nearest valid key suggested (`unknown key 'timout' (did you mean 'timeout'?)`),
//    or said where it belongs (`both` and `callbacks` outside a chain array, `task` beside
//    other keys, a task option beside a level's step); a value of the wrong type (`'retries':
//    expected a whole number, got a string`); a bad duration, number, command, task name,
//    trap item, env or cwd; an empty gather, list, any or trap; a chain level with no step
//    or two; `callbacks` not a pair.
//  - Per task, once its keys are read: two bodies; `chain` with a short level key; `trap`
//    without `catch`; `delay` with `every`; an `every` key without `every`; a group key
//    without a group body (or on the wrong kind of group); a body option without a body;
//    nothing to run.
//  - Once every task is read: a name no task has (`unknown task 'lnt' (did you mean
//    'lint'?)`), at the reference; then a cycle of names through needs, group members, `{ task
//    = }` references and levels, named in order (`cycle of tasks: a -> b -> a`), at the
//    reference that closes it.
// A file that cannot be read is "FILE: cannot read the task file: REASON".

#include "core/input/task_spec.hpp"

#include <string>
#include <string_view>

namespace tasker {

/// Reads the task file at `path` and parses it. Throws InputError (see above).
[[nodiscard]] spec::TaskFile parse_task_file(const std::string& path);

/// Parses `text` as the task file `path` (the name its positions and messages give; nothing is
/// read from disk). Throws InputError (see above).
[[nodiscard]] spec::TaskFile parse_task_file_text(std::string_view text, const std::string& path);

}  // namespace tasker
