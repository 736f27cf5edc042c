#include "cli/help/command_examples.hpp"

#include <array>
#include <utility>

namespace tasker::cli {
namespace {

struct Examples {
  std::string_view command;
  std::array<std::string_view, 2> lines;
};

constexpr std::array kExamples{
    Examples{
        "", {"tasker --output grouped gather 'uname -a' 'ls /'", "tasker every 1s --count 3 date"}},
    Examples{"gather",
             {"tasker gather -j 2 'sleep 1; echo one' 'echo two'",
              "tasker gather --timeout 10s --retries 2 'ls /' 'uname -a'"}},
    Examples{"list",
             {"tasker list --consume-errors true false 'echo ok'",
              "tasker list --fire-on-one-callback 'sleep 1' true"}},
    Examples{"any",
             {"tasker any 'sleep 1; echo slow' 'echo fast'",
              "tasker any --retries 1 --retry-delay 250ms false true"}},
    Examples{"every",
             {"tasker every 1s --count 3 date", "tasker every 500ms --for 2s --changes -- ls /"}},
    Examples{"after", {"tasker after 1s echo hello", "tasker after 250ms --timeout 5s -- ls -l /"}},
    Examples{"chain",
             {"tasker chain 'test -d /' --then 'echo ok' --catch 'echo no'",
              "tasker chain false --retries 1 --catch 'echo gave up'"}},
    Examples{"run", {"tasker run --list", "tasker run -f ci.toml lint test"}},
    Examples{"report",
             {"tasker -q --report run.json gather true 'echo hi' && tasker report run.json",
              "tasker report run.json --html run.html --junit junit.xml"}},
    Examples{
        "completions",
        {"source <(tasker completions bash)", "tasker completions bash >> ~/.bash_completion"}},
};

}  // namespace

std::string command_examples(std::string_view command) {
  for (const Examples& examples : kExamples) {
    if (examples.command != command)
      continue;
    std::string text = "Examples:\n";
    for (const std::string_view line : examples.lines) {
      text += "  ";
      text += line;
      text += '\n';
    }
    return text;
  }
  return {};
}

}  // namespace tasker::cli
