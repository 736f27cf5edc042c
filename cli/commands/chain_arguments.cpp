#include "cli/commands/chain_arguments.hpp"

#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "core/input/nearest_word.hpp"
#include "core/input/quoted_input.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <memory>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace tasker::cli {
namespace {

using spec::Level;

struct StepFlag {
  std::string_view flag;
  Level::Kind kind;
};

constexpr std::array<StepFlag, 5> kStepFlags{{{"--then", Level::Kind::then},
                                              {"--catch", Level::Kind::catch_},
                                              {"--both", Level::Kind::both},
                                              {"--finally", Level::Kind::finally},
                                              {"--callbacks", Level::Kind::callbacks}}};

// Every flag of the chain grammar, for "did you mean" hints.
constexpr std::array<std::string_view, 10> kFlags{
    "--then",    "--catch",   "--both",        "--finally", "--callbacks",
    "--timeout", "--retries", "--retry-delay", "--name",    "--trap"};

// The same cap as --retries of gather, list and any.
constexpr unsigned kMaxRetries = 1'000'000;

UsageError error(std::string_view message) {
  return UsageError(fmt::format("chain: {}", message));
}

std::string quoted(std::string_view word) {
  return fmt::format("'{}'", quote_for_message(word));
}

bool starts_with_dash(std::string_view word) {
  return !word.empty() && word[0] == '-';
}

std::optional<Level::Kind> step_kind(std::string_view flag) {
  for (const StepFlag& step : kStepFlags) {
    if (step.flag == flag)
      return step.kind;
  }
  return std::nullopt;
}

bool is_chain_flag(std::string_view flag) {
  for (const std::string_view known : kFlags) {
    if (known == flag)
      return true;
  }
  return false;
}

// A word that starts with '-', as a flag and the value written after its '=', if any.
struct FlagWord {
  std::string_view flag;
  std::optional<std::string_view> value;
};

FlagWord split_flag(std::string_view word) {
  const std::size_t equals = word.find('=');
  if (word.starts_with("--") && equals != std::string_view::npos)
    return {word.substr(0, equals), word.substr(equals + 1)};
  return {word, std::nullopt};
}

// CMD or one step, as written, before it becomes tasks.
struct Step {
  std::string flag;  // empty for CMD
  Level::Kind kind = Level::Kind::then;
  std::string command;
  std::optional<std::string> errback;  // --callbacks
  std::optional<Duration> timeout;
  std::optional<unsigned> retries;
  std::optional<Duration> retry_delay;
  std::optional<std::string> name;
  std::optional<StatusTrap> trap;

  // "CMD 'make'", "--then 'make install'": which one a message is about.
  [[nodiscard]] std::string describe() const {
    return fmt::format("{} {}", flag.empty() ? "CMD" : flag, quoted(command));
  }
};

class ChainWords {
 public:
  explicit ChainWords(std::span<const std::string> words) : words_(words) {}

  std::vector<Step> read() {
    if (words_.empty()) {
      throw error("no command: give CMD, e.g. tasker chain 'make' --then 'make install'");
    }
    const std::string& first = words_[0];
    if (starts_with_dash(first)) {
      const std::string_view flag = split_flag(first).flag;
      if (is_chain_flag(flag)) {
        throw error(fmt::format(
            "{} comes before CMD: give the command first (only global options come before it)",
            flag));
      }
      throw error(
          fmt::format("{} is not a global option, and CMD cannot start with '-'", quoted(first)));
    }
    Step cmd;
    cmd.command = checked_command("CMD", first);
    steps_.push_back(std::move(cmd));
    for (i_ = 1; i_ < words_.size(); ++i_) read_word(words_[i_]);
    return std::move(steps_);
  }

 private:
  void read_word(const std::string& word) {
    Step& current = steps_.back();
    if (!starts_with_dash(word)) {
      throw error(fmt::format("unexpected {} after {}: a command is one word (quote it)",
                              quoted(word), current.describe()));
    }
    const FlagWord flag = split_flag(word);
    if (const std::optional<Level::Kind> kind = step_kind(flag.flag)) {
      Step step;
      step.flag = flag.flag;
      step.kind = *kind;
      const bool two = *kind == Level::Kind::callbacks;
      const std::string_view what = two ? "two commands, CB and EB" : "a command";
      step.command = checked_command(flag.flag, command_value(flag, what));
      if (two) {
        // EB is the word after CB, whichever way CB was written.
        step.errback = checked_command(flag.flag, command_value(FlagWord{flag.flag, {}}, what));
      }
      steps_.push_back(std::move(step));
      return;
    }
    if (flag.flag == "--timeout") {
      set_once(current.timeout, flag.flag, duration(flag.flag, option_value(flag, "a duration")));
    } else if (flag.flag == "--retry-delay") {
      set_once(current.retry_delay, flag.flag,
               duration(flag.flag, option_value(flag, "a duration")));
    } else if (flag.flag == "--retries") {
      set_once(current.retries, flag.flag, retries(option_value(flag, "a number")));
    } else if (flag.flag == "--name") {
      set_once(current.name, flag.flag, name(command_value(flag, "a name")));
    } else if (flag.flag == "--trap") {
      if (current.flag != "--catch") {
        throw error(
            fmt::format("--trap applies only to a --catch step, not to {}", current.describe()));
      }
      set_once(current.trap, flag.flag, trap(option_value(flag, "a list of statuses")));
    } else {
      throw unknown_option(flag.flag);
    }
  }

  // The value of `flag`: after its '=', else the next word. A command or a name in the next
  // word may not start with '-' (that is a flag forgotten its value); an option's value may
  // not start with "--", and other values starting with '-' fail to parse on their own.
  std::string_view value(const FlagWord& flag, std::string_view what, bool no_dash) {
    if (flag.value)
      return *flag.value;
    if (i_ + 1 >= words_.size())
      throw error(fmt::format("{} needs {}", flag.flag, what));
    const std::string& next = words_[i_ + 1];
    if (no_dash ? starts_with_dash(next) : next.starts_with("--")) {
      throw error(fmt::format("{} needs {}, got {} (write {}={} for a value starting with '-')",
                              flag.flag, what, quoted(next), flag.flag, quote_for_message(next)));
    }
    ++i_;
    return next;
  }

  std::string_view command_value(const FlagWord& flag, std::string_view what) {
    return value(flag, what, true);
  }

  std::string_view option_value(const FlagWord& flag, std::string_view what) {
    return value(flag, what, false);
  }

  template <typename T>
  void set_once(std::optional<T>& slot, std::string_view flag, T value) {
    if (slot)
      throw error(fmt::format("{} given twice for {}", flag, steps_.back().describe()));
    slot = std::move(value);
  }

  static std::string checked_command(std::string_view flag, std::string_view command) {
    if (is_blank(command))
      throw error(fmt::format("{}: the command is empty", flag));
    return std::string(command);
  }

  static Duration duration(std::string_view flag, std::string_view text) {
    try {
      return parse_duration(text);
    } catch (const DurationError& e) {
      throw error(fmt::format("{}: {}", flag, e.what()));
    }
  }

  // Decimal digits only: "010" is ten, "0x10" and "-1" are not numbers.
  static unsigned retries(std::string_view text) {
    unsigned count = 0;
    const char* end = text.data() + text.size();
    const bool digits = !text.empty() && text.find_first_not_of("0123456789") == text.npos;
    const std::from_chars_result read = std::from_chars(text.data(), end, count);
    if (!digits || read.ec != std::errc() || read.ptr != end || count > kMaxRetries) {
      throw error(fmt::format("--retries: {} is not a number from 0 to {} (decimal digits)",
                              quoted(text), kMaxRetries));
    }
    return count;
  }

  std::string name(std::string_view text) {
    if (is_blank(text))
      throw error("--name: the name is empty");
    for (const char c : text) {
      if (static_cast<unsigned char>(c) < 0x20U || c == '\x7f')
        throw error(fmt::format("--name: {} holds a control character", quoted(text)));
    }
    if (!names_.emplace(text).second)
      throw error(fmt::format("--name {} is given to two steps", quoted(text)));
    return std::string(text);
  }

  static StatusTrap trap(std::string_view text) {
    try {
      return StatusTrap::parse(text);
    } catch (const InputError& e) {
      throw error(e.what());  // names --trap and the item
    }
  }

  static UsageError unknown_option(std::string_view flag) {
    if (const std::optional<std::string_view> near = nearest_word(flag, kFlags))
      return error(fmt::format("unknown option {} (did you mean {}?)", quoted(flag), *near));
    return error(fmt::format(
        "unknown option {}: a step takes --timeout, --retries, --retry-delay, --name and "
        "--trap; global options go before CMD",
        quoted(flag)));
  }

  std::span<const std::string> words_;
  std::size_t i_ = 0;
  std::vector<Step> steps_;
  std::set<std::string, std::less<>> names_;
};

std::shared_ptr<const spec::Task> step_task(const Step& step, const std::string& command,
                                            std::optional<Duration> grace) {
  auto task = std::make_shared<spec::Task>();
  task->body.kind = spec::Body::Kind::run;
  task->body.command = command;
  task->timeout = step.timeout;
  task->retries = step.retries.value_or(0);
  task->retry_delay = step.retry_delay.value_or(Duration::zero());
  if (step.name || grace) {
    spec::TaskExtras& extras = task->set_extras();
    extras.label = step.name;
    extras.grace = grace;
  }
  return task;
}

}  // namespace

spec::Task parse_chain_arguments(std::span<const std::string> words,
                                 std::optional<Duration> grace) {
  const std::vector<Step> steps = ChainWords(words).read();
  spec::Task chain = *step_task(steps.front(), steps.front().command, grace);
  for (std::size_t i = 1; i < steps.size(); ++i) {
    const Step& step = steps[i];
    Level level;
    level.kind = step.kind;
    level.step = step_task(step, step.command, grace);
    if (step.errback)
      level.errback = std::make_shared<const spec::Use>(step_task(step, *step.errback, grace));
    if (step.trap)
      level.trap = std::make_shared<const StatusTrap>(*step.trap);
    chain.levels.push_back(std::move(level));
  }
  return chain;
}

}  // namespace tasker::cli
