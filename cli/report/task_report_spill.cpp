#include "cli/report/task_report_spill.hpp"

#include "core/process/temporary_file.hpp"

#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

namespace tasker::cli {
namespace {

// Records are written and read in one go in pieces this large.
constexpr std::size_t kChunk = 64 * 1024;

// A TaskReport with a field this file does not write would lose it in a large run's report:
// a new field must be added to put() and get() below, and this size updated.
static_assert(sizeof(void*) != 8 || sizeof(TaskReport) == 384,
              "TaskReport changed: write and read its new field in task_report_spill.cpp");

class Put {
 public:
  explicit Put(std::string& out) : out_(out) {}

  template <typename T>
  void raw(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    char bytes[sizeof(T)];  // NOLINT(cppcoreguidelines-avoid-c-arrays)
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void text(const std::string& s) {
    raw<std::uint64_t>(s.size());
    out_ += s;
  }
  template <typename T>
  void maybe(const std::optional<T>& value) {
    raw<bool>(value.has_value());
    if (value)
      raw<T>(*value);
  }
  void capture(const std::optional<CapturedStream>& stream) {
    raw<bool>(stream.has_value());
    if (!stream)
      return;
    text(stream->text);
    raw<std::uint64_t>(stream->dropped);
  }

 private:
  std::string& out_;
};

class Get {
 public:
  explicit Get(std::string_view in) : in_(in) {}

  template <typename T>
  T raw() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value{};
    take(sizeof(T), [&](const char* p) { std::memcpy(&value, p, sizeof(T)); });
    return value;
  }
  std::string text() {
    const auto length = raw<std::uint64_t>();
    std::string s;
    take(length, [&](const char* p) { s.assign(p, length); });
    return s;
  }
  template <typename T>
  std::optional<T> maybe() {
    if (!raw<bool>())
      return std::nullopt;
    return raw<T>();
  }
  std::optional<CapturedStream> capture() {
    if (!raw<bool>())
      return std::nullopt;
    CapturedStream stream;
    stream.text = text();
    stream.dropped = raw<std::uint64_t>();
    return stream;
  }

 private:
  template <typename F>
  void take(std::size_t n, F&& use) {
    if (n > in_.size())
      throw TaskReportSpillError("a task's report in the spill file is cut short");
    use(in_.data());
    in_.remove_prefix(n);
  }

  std::string_view in_;
};

void put(Put& p, const TaskReport& t) {
  p.raw<std::uint64_t>(t.index);
  p.text(t.name);
  p.text(t.command);
  p.raw<TaskState>(t.state);
  p.maybe(t.exit_code);
  p.maybe(t.signal);
  p.raw<bool>(t.core_dumped);
  p.maybe(t.status);
  p.text(t.error);
  p.raw<bool>(t.unhandled);
  p.maybe(t.started_ms);
  p.maybe(t.duration_ms);
  p.raw<unsigned>(t.attempts);
  p.text(t.host);
  p.text(t.job_id);
  p.capture(t.stdout_capture);
  p.capture(t.stderr_capture);
  p.raw<bool>(t.schedule.has_value());
  if (t.schedule) {
    p.raw<std::uint64_t>(t.schedule->n);
    p.raw<std::uint64_t>(t.schedule->tick);
    p.raw<std::uint64_t>(t.schedule->skipped_before);
    p.raw<double>(t.schedule->scheduled_ms);
  }
}

TaskReport get(Get& g) {
  TaskReport t;
  t.index = g.raw<std::uint64_t>();
  t.name = g.text();
  t.command = g.text();
  t.state = g.raw<TaskState>();
  t.exit_code = g.maybe<int>();
  t.signal = g.maybe<int>();
  t.core_dumped = g.raw<bool>();
  t.status = g.maybe<int>();
  t.error = g.text();
  t.unhandled = g.raw<bool>();
  t.started_ms = g.maybe<double>();
  t.duration_ms = g.maybe<double>();
  t.attempts = g.raw<unsigned>();
  t.host = g.text();
  t.job_id = g.text();
  t.stdout_capture = g.capture();
  t.stderr_capture = g.capture();
  if (g.raw<bool>()) {
    RunSchedule schedule;
    schedule.n = g.raw<std::uint64_t>();
    schedule.tick = g.raw<std::uint64_t>();
    schedule.skipped_before = g.raw<std::uint64_t>();
    schedule.scheduled_ms = g.raw<double>();
    t.schedule = schedule;
  }
  return t;
}

UniqueFd spill_file() {
  std::string error;
  UniqueFd fd = make_temporary_file(error);
  if (!fd)
    throw TaskReportSpillError(error);
  return fd;
}

std::string io_error(const char* what) {
  return std::string("cannot ") + what + " the tasks' reports in " + temporary_folder() + ": " +
         std::strerror(errno);
}

}  // namespace

TaskReportSpill::TaskReportSpill() : fd_(spill_file()) {}

void TaskReportSpill::add(const TaskReport& task) {
  if (!entries_.empty() && task.index < entries_.back().index)
    sorted_ = false;
  entries_.push_back({task.index, written_ + pending_.size()});
  // A record: its length, then its fields.
  const std::size_t at = pending_.size();
  pending_.append(sizeof(std::uint64_t), '\0');
  Put p(pending_);
  put(p, task);
  const std::uint64_t length = pending_.size() - at - sizeof(std::uint64_t);
  std::memcpy(pending_.data() + at, &length, sizeof length);
  if (pending_.size() >= kChunk)
    flush();
}

void TaskReportSpill::flush() {
  // A disk that fails (full, quota) keeps the rest in memory: nothing is lost, and the run goes on.
  std::size_t done = 0;
  while (!write_failed_ && done < pending_.size()) {
    const ssize_t n = ::write(fd_.get(), pending_.data() + done, pending_.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      write_failed_ = true;
    else
      done += static_cast<std::size_t>(n);
  }
  written_ += done;
  pending_.erase(0, done);
}

void TaskReportSpill::sort() {
  flush();
  if (sorted_)
    return;
  // Offsets grow in the order added, so they keep that order among equal indexes without the
  // buffer std::stable_sort would take.
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.index != b.index ? a.index < b.index : a.offset < b.offset;
  });
  sorted_ = true;
}

std::string_view TaskReportSpill::bytes(std::uint64_t offset, std::size_t length) {
  if (offset >= written_)
    return std::string_view(pending_).substr(offset - written_, length);
  if (offset + length > written_) {
    // Written in part when the disk failed: the rest is still in memory.
    const auto on_disk = static_cast<std::size_t>(written_ - offset);
    std::string both(file_bytes(offset, on_disk));
    both.append(pending_, 0, length - on_disk);
    straddling_ = std::move(both);
    return straddling_;
  }
  return file_bytes(offset, length);
}

std::string_view TaskReportSpill::file_bytes(std::uint64_t offset, std::size_t length) {
  const bool inside = offset >= window_at_ && offset + length <= window_at_ + window_.size();
  if (!inside) {
    // Entries in index order are mostly in the order they were written: read ahead.
    window_.resize(std::max(length, kChunk));
    window_at_ = offset;
    std::size_t got = 0;
    while (got < window_.size()) {
      const ssize_t n = ::pread(fd_.get(), window_.data() + got, window_.size() - got,
                                static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        throw TaskReportSpillError(io_error("read back"));
      if (n == 0)
        break;
      got += static_cast<std::size_t>(n);
    }
    window_.resize(got);
    if (got < length)
      throw TaskReportSpillError("a task's report in the spill file is cut short");
  }
  return std::string_view(window_).substr(offset - window_at_, length);
}

TaskReport TaskReportSpill::read(std::uint64_t offset) {
  std::uint64_t length = 0;
  std::memcpy(&length, bytes(offset, sizeof length).data(), sizeof length);
  Get g(bytes(offset + sizeof length, length));
  return get(g);
}

void TaskReportSpill::for_each(const std::function<void(const TaskReport&)>& visit) {
  sort();
  for (const Entry& entry : entries_) visit(read(entry.offset));
}

TaskReport TaskReportSpill::at(std::size_t position) {
  sort();
  return read(entries_.at(position).offset);
}

std::optional<std::size_t> TaskReportSpill::position_of(std::size_t index) {
  sort();
  const auto found = std::lower_bound(entries_.begin(), entries_.end(), index,
                                      [](const Entry& e, std::size_t i) { return e.index < i; });
  if (found == entries_.end() || found->index != index)
    return std::nullopt;
  return static_cast<std::size_t>(found - entries_.begin());
}

}  // namespace tasker::cli
