#include "core/input/line_reader.hpp"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <system_error>
#include <utility>

namespace tasker {
namespace {

constexpr std::size_t kReadSize = 64 * 1024;

}  // namespace

LineReader::LineReader(boost::asio::io_context& io, UniqueFd fd, std::size_t max_line)
    : fd_(std::move(fd)), assembler_(max_line), alive_(std::make_shared<LineReader*>(this)) {
  struct stat info {};
  regular_file_ = ::fstat(fd_.get(), &info) == 0 && S_ISREG(info.st_mode);
  if (!regular_file_) {
    // A duplicate for the event loop to watch, so that closing it there
    // never closes the descriptor the reads use.
    // A descriptor epoll refuses (some character devices) is read when asked, as a file is.
    UniqueFd watched(::dup(fd_.get()));
    if (watched) {
      watch_.emplace(io);
      boost::system::error_code error;
      watch_->assign(watched.get(), error);
      if (error) {
        watch_.reset();
      } else {
        static_cast<void>(watched.release());
      }
    }
  }
}

LineReader::~LineReader() {
  *alive_ = nullptr;
  stop();
}

void LineReader::stop() {
  stopped_ = true;
  pending_ = nullptr;
  if (watch_) {
    boost::system::error_code ignored;
    watch_->close(ignored);  // a pending wait completes with operation_aborted
    watch_.reset();
  }
}

void LineReader::next(Ready ready) {
  if (stopped_)
    return;
  pending_ = std::move(ready);
  // A regular file (or a descriptor the loop cannot watch) is read now: it never blocks for long.
  while (lines_.empty() && !at_end_ && (regular_file_ || !watch_)) {
    if (!read_once())
      break;
  }
  if (!lines_.empty() || at_end_) {
    deliver();
    return;
  }
  wait_readable();
}

// One read(2); the lines it completes are queued. False at the end of the input.
bool LineReader::read_once() {
  std::array<char, kReadSize> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  ssize_t n = 0;
  do {
    n = ::read(fd_.get(), buffer.data(), buffer.size());
  } while (n < 0 && errno == EINTR);
  const auto queue = [this](std::string_view text, bool cut) {
    lines_.push_back(ReadLine{std::string(text), cut, ++numbered_});
  };
  if (n > 0) {
    assembler_.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), queue);
    return true;
  }
  if (n < 0 && errno == EAGAIN)
    return true;  // a descriptor someone else made non-blocking: nothing yet
  if (n < 0)
    error_ = std::system_category().message(errno);
  assembler_.finish(queue);
  at_end_ = true;
  return false;
}

void LineReader::wait_readable() {
  watch_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                     [alive = alive_](const boost::system::error_code& ec) {
                       LineReader* self = *alive;
                       if (self == nullptr || ec || self->stopped_)
                         return;
                       self->read_once();
                       if (!self->lines_.empty() || self->at_end_) {
                         self->deliver();
                       } else {
                         self->wait_readable();
                       }
                     });
}

void LineReader::deliver() {
  Ready ready = std::exchange(pending_, nullptr);
  if (!ready)
    return;
  if (lines_.empty()) {
    ready(std::nullopt);
    return;
  }
  ReadLine line = std::move(lines_.front());
  lines_.pop_front();
  ready(std::move(line));
}

}  // namespace tasker
