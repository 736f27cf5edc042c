#include "cli/commands/template_task_source.hpp"

#include "cli/commands/input_files.hpp"
#include "cli/usage_error.hpp"
#include "core/input/command_lines.hpp"
#include "core/input/input_error.hpp"
#include "core/input/input_lines.hpp"

#include <fmt/format.h>

#include <limits>
#include <string_view>
#include <utility>

namespace tasker::cli {
namespace {

constexpr std::string_view kListMarker = ":::";
constexpr std::string_view kArgsOption = "--args";

bool is_source_start(const std::string& word) {
  return word == kListMarker || word == kArgsOption || word.rfind("--args=", 0) == 0;
}

std::size_t saturating_product(std::size_t a, std::size_t b) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a)
    return std::numeric_limits<std::size_t>::max();
  return a * b;
}

}  // namespace

std::optional<TemplateArguments> template_arguments(const std::vector<std::string>& words,
                                                    const std::vector<std::string>& args_files) {
  std::size_t first_source = 0;
  while (first_source < words.size() && !is_source_start(words[first_source])) ++first_source;
  if (first_source == words.size() && args_files.empty())
    return std::nullopt;
  TemplateArguments arguments;
  if (first_source == 0)
    throw UsageError("no command template: give one before ::: or --args, e.g. 'gzip -9 {}'");
  for (std::size_t i = 1; i < first_source; ++i) {
    if (words[i].size() > 1 && words[i][0] == '-') {
      throw UsageError(fmt::format(
          "'{}' comes after the command template: tasker's options go before it", words[i]));
    }
  }
  if (first_source > 1) {
    throw UsageError(fmt::format(
        "::: and --args take one command template, and {} words come before the inputs: quote "
        "the template as one word ('gzip -9 {{}}')",
        first_source));
  }
  arguments.command = words[0];
  for (const std::string& file : args_files) arguments.sources.push_back({{}, file});
  for (std::size_t i = first_source; i < words.size();) {
    const std::string& word = words[i++];
    if (word == kListMarker) {
      InputSourceArgument list;
      while (i < words.size() && !is_source_start(words[i])) list.values.push_back(words[i++]);
      if (list.values.empty())
        throw UsageError("::: has no values: give the inputs after it, e.g. ::: a.log b.log");
      arguments.sources.push_back(std::move(list));
    } else if (word == kArgsOption) {
      if (i == words.size())
        throw UsageError("--args needs a FILE (- = stdin)");
      arguments.sources.push_back({{}, words[i++]});
    } else {
      arguments.sources.push_back({{}, word.substr(kArgsOption.size() + 1)});
    }
  }
  return arguments;
}

TemplateTaskSource::TemplateTaskSource(TemplateArguments arguments,
                                       const ParallelCommandOptions& options, bool stdin_inherited)
    : template_(arguments.command), link_(options.link) {
  if (!options.from.empty())
    throw UsageError("--from reads whole commands: it cannot be given with ::: or --args");
  if (is_blank(arguments.command))
    throw UsageError("the command template is empty");
  try {
    template_.check_sources(arguments.sources.size());
  } catch (const InputError& e) {
    throw UsageError(e.what());
  }
  bool stdin_used = false;
  for (std::size_t i = 0; i < arguments.sources.size(); ++i) {
    InputSourceArgument& given = arguments.sources[i];
    Source& source = sources_.emplace_back();
    if (!given.file) {
      source.label = fmt::format("::: list {}", i + 1);
      source.values = std::move(given.values);
      source.length = source.values.size();
      continue;
    }
    const std::string& path = *given.file;
    if (path == "-") {
      if (stdin_used)
        throw UsageError("--args - is given twice: stdin can be read only once");
      if (stdin_inherited) {
        throw UsageError(
            "--args - reads the inputs from stdin: tasks cannot also inherit it (--stdin "
            "inherit)");
      }
      if (!options.names.empty()) {
        throw UsageError(
            "--names needs to know how many tasks there are, and --args - reads them from "
            "stdin");
      }
      stdin_used = true;
    }
    source.label = path == "-" ? std::string("stdin") : fmt::format("--args file '{}'", path);
    source.fd = open_input_file(path, "--args");
    source.regular_file = is_regular_file(source.fd.get());
    source.streamed = link_ || i == 0;
    if (!source.streamed) {
      std::size_t number = 0;
      read_lines_at_start(
          source.fd.get(), source.label, /*rewind=*/false, [&](std::string_view line, bool cut) {
            source.values.push_back(input_of_line(line, cut, ++number, source.label));
          });
      source.fd = UniqueFd();
      source.length = source.values.size();
    } else if (source.regular_file) {
      // Checked and counted now, read again as tasks are asked for.
      std::size_t number = 0;
      read_lines_at_start(source.fd.get(), source.label, /*rewind=*/true,
                          [&](std::string_view line, bool cut) {
                            static_cast<void>(input_of_line(line, cut, ++number, source.label));
                          });
      source.length = number;
    }
  }
  current_.resize(sources_.size());
  positions_.assign(sources_.size(), 0);
  linked_ended_.assign(sources_.size(), false);

  if (link_) {
    const Source* first_known = nullptr;
    for (const Source& source : sources_) {
      if (!source.length)
        continue;
      if (first_known != nullptr && *first_known->length != *source.length) {
        throw UsageError(
            fmt::format("--link pairs inputs one to one, and {} has {} while {} has {}",
                        first_known->label, *first_known->length, source.label, *source.length));
      }
      if (first_known == nullptr)
        first_known = &source;
    }
    if (first_known != nullptr)
      known_count_ = first_known->length;
  } else {
    std::size_t count = 1;
    bool known = true;
    for (const Source& source : sources_) {
      known = known && source.length.has_value();
      if (source.length)
        count = saturating_product(count, *source.length);
    }
    if (known || count == 0)
      known_count_ = count;
  }
  if (known_count_ == 0u) {
    for (const Source& source : sources_) {
      if (source.length == 0u)
        throw UsageError(fmt::format("no input to run the template on: {} is empty", source.label));
    }
  }
  if (!options.names.empty())
    names_ = task_names(options.names, known_count_, "tasks", "an --args source");
}

TemplateTaskSource::~TemplateTaskSource() = default;

void TemplateTaskSource::attach(boost::asio::io_context& io) {
  for (Source& source : sources_) {
    if (source.streamed)
      source.reader = std::make_unique<LineReader>(io, std::move(source.fd), kMaxCommandLine);
  }
}

bool TemplateTaskSource::answers_at_once() const {
  for (const Source& source : sources_) {
    if (source.streamed && !source.regular_file)
      return false;
  }
  return true;
}

void TemplateTaskSource::next(Ready ready) {
  if (stopped_)
    return;
  if (done_) {
    ready(std::nullopt);
    return;
  }
  if (link_)
    next_linked(std::move(ready), 0);
  else
    next_cross(std::move(ready));
}

// The next line of streamed source `index`, or nullopt at its end or at a bad line (error_ then
// says which).
void TemplateTaskSource::read_stream(std::size_t index,
                                     std::function<void(std::optional<std::string>)> done) {
  Source& source = sources_[index];
  source.reader->next([this, index, done = std::move(done)](std::optional<ReadLine> line) {
    Source& read_from = sources_[index];
    if (!line) {
      if (!read_from.reader->error().empty())
        error_ = fmt::format("cannot read {}: {}", read_from.label, read_from.reader->error());
      done(std::nullopt);
      return;
    }
    ++read_from.lines;
    try {
      done(input_of_line(line->text, line->cut, line->number, read_from.label));
    } catch (const InputError& e) {
      error_ = e.what();
      done(std::nullopt);
    }
  });
}

// The cross product as an odometer: the first source turns slowest, the last fastest.
void TemplateTaskSource::next_cross(Ready ready) {
  for (std::size_t i = 1; i < sources_.size(); ++i) {
    if (sources_[i].values.empty()) {
      end(std::move(ready));
      return;
    }
  }
  const auto emit_combination = [this](Ready answer) {
    for (std::size_t i = 1; i < sources_.size(); ++i)
      current_[i] = sources_[i].values[positions_[i]];
    bool wrapped = true;
    for (std::size_t i = sources_.size(); i-- > 1;) {
      if (++positions_[i] < sources_[i].values.size()) {
        wrapped = false;
        break;
      }
      positions_[i] = 0;
    }
    need_head_ = wrapped;
    emit(std::move(answer));
  };
  if (!need_head_) {
    emit_combination(std::move(ready));
    return;
  }
  Source& head = sources_[0];
  if (!head.streamed) {
    if (positions_[0] == head.values.size()) {
      end(std::move(ready));
      return;
    }
    current_[0] = head.values[positions_[0]++];
    emit_combination(std::move(ready));
    return;
  }
  read_stream(0, [this, emit_combination,
                  ready = std::move(ready)](std::optional<std::string> input) mutable {
    if (!input) {
      end(std::move(ready));
      return;
    }
    current_[0] = std::move(*input);
    emit_combination(std::move(ready));
  });
}

// --link: the next input of every source, in step; all of them must end together.
void TemplateTaskSource::next_linked(Ready ready, std::size_t index) {
  if (index == sources_.size()) {
    std::size_t ended = 0;
    for (const bool source_ended : linked_ended_) ended += source_ended ? 1 : 0;
    if (error_ || ended == sources_.size()) {
      end(std::move(ready));
      return;
    }
    if (ended > 0) {
      std::size_t short_one = 0;
      while (!linked_ended_[short_one]) ++short_one;
      end(std::move(ready),
          fmt::format("--link pairs inputs one to one, and {} ended after {} while others had "
                      "more",
                      sources_[short_one].label, made_));
      return;
    }
    emit(std::move(ready));
    return;
  }
  Source& source = sources_[index];
  if (!source.streamed) {
    linked_ended_[index] = made_ >= source.values.size();
    if (!linked_ended_[index])
      current_[index] = source.values[made_];
    next_linked(std::move(ready), index + 1);
    return;
  }
  read_stream(index, [this, index, ready = std::move(ready)](std::optional<std::string> input) {
    linked_ended_[index] = !input.has_value();
    if (input)
      current_[index] = std::move(*input);
    next_linked(ready, index + 1);
  });
}

void TemplateTaskSource::emit(Ready ready) {
  std::vector<std::string_view> inputs(current_.begin(), current_.end());
  std::string command = template_.expand({std::move(inputs), made_ + 1, slot_});
  std::string name;
  if (!names_.empty()) {
    name = names_[made_];
  } else {
    for (const std::string& input : current_) {
      if (!name.empty())
        name += ' ';
      name += input;
    }
    // An empty input still names its task.
    if (is_blank(name))
      name = fmt::format("#{}", made_);
  }
  ++made_;
  ready(TaskSpec{std::move(name), std::move(command)});
}

void TemplateTaskSource::end(Ready ready, std::optional<std::string> error) {
  done_ = true;
  if (error && !error_)
    error_ = std::move(error);
  for (Source& source : sources_) {
    if (source.reader && !source.regular_file)
      source.reader->stop();
  }
  ready(std::nullopt);
}

void TemplateTaskSource::stop() {
  stopped_ = true;
  for (Source& source : sources_) {
    if (source.reader && !source.regular_file)
      source.reader->stop();
  }
}

void TemplateTaskSource::unread(const Each& each) {
  // The rest of lists and regular files is known without waiting for anyone; a stream's is not.
  if (!answers_at_once() || error_)
    return;
  const bool was_stopped = std::exchange(stopped_, false);
  while (!done_) {
    bool answered = false;
    next([&](std::optional<TaskSpec> spec) {
      answered = true;
      if (spec)
        each(std::move(*spec));
    });
    if (!answered)
      break;
  }
  stopped_ = was_stopped;
}

}  // namespace tasker::cli
