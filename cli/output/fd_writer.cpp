#include "cli/output/fd_writer.hpp"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <utility>

namespace tasker::cli {
namespace {

// A file's bytes are counted in the queue as this much: it is read in
// chunks of this size, so that is what it can hold in memory at once.
constexpr std::size_t kFileChunk = 64 * 1024;

}  // namespace

FdWriter::FdWriter(int fd, PressureChanged pressure_changed)
    : fd_(fd), pressure_changed_(std::move(pressure_changed)) {
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error&) {
    // No thread to be had: under `ulimit -u` at its limit a thread is one process too many.
    // tasker still runs, and writes in place (write_in_place); only a stuck reader can then
    // stop its loop.
  }
}

FdWriter::FdWriter(int fd, FdWriter& shared) : fd_(fd), shared_(&shared) {}

FdWriter::~FdWriter() {
  if (!thread_.joinable())
    return;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void FdWriter::push(std::string bytes) {
  if (bytes.empty())
    return;
  const std::size_t size = bytes.size();
  (shared_ != nullptr ? *shared_ : *this).enqueue(fd_, std::move(bytes), size);
}

void FdWriter::push_file(UniqueFd file) {
  if (!file)
    return;
  (shared_ != nullptr ? *shared_ : *this).enqueue(fd_, std::move(file), kFileChunk);
}

void FdWriter::set_before_push(std::function<void()> hook) {
  if (shared_ != nullptr) {
    shared_->set_before_push(std::move(hook));
    return;
  }
  before_push_ = std::move(hook);
}

void FdWriter::enqueue(int fd, std::variant<std::string, UniqueFd> data, std::size_t counted) {
  if (before_push_ && !in_before_push_) {
    in_before_push_ = true;
    before_push_();
    in_before_push_ = false;
  }
  bool became_high = false;
  {
    const std::lock_guard lock(mutex_);
    if (failed_)
      return;
    queued_bytes_ += counted;
    queue_.push_back(Item{fd, std::move(data)});
    if (!congested_ && queued_bytes_ > kHighWater)
      became_high = congested_ = true;
  }
  wake_.notify_one();
  if (became_high && pressure_changed_)
    pressure_changed_(true);
  write_in_place();
}

void FdWriter::drain() {
  if (shared_ != nullptr) {
    shared_->drain();
    return;
  }
  std::unique_lock lock(mutex_);
  drained_.wait(lock, [this] { return (queue_.empty() && !writing_) || failed_; });
}

bool FdWriter::failed() const {
  if (shared_ != nullptr)
    return shared_->failed();
  const std::lock_guard lock(mutex_);
  return failed_;
}

bool FdWriter::congested() const {
  if (shared_ != nullptr)
    return shared_->congested();
  const std::lock_guard lock(mutex_);
  return congested_;
}

void FdWriter::run() {
  while (true) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty())
        return;  // stopping, and everything is out
      item = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
    }
    write(std::move(item));
  }
}

void FdWriter::write_in_place() {
  if (thread_.joinable())
    return;
  while (true) {
    Item item;
    {
      const std::lock_guard lock(mutex_);
      if (queue_.empty())
        return;
      item = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
    }
    write(std::move(item));
  }
}

void FdWriter::write(Item item) {
  std::size_t counted = 0;
  bool ok = true;
  if (auto* bytes = std::get_if<std::string>(&item.data)) {
    counted = bytes->size();
    ok = write_all(item.fd, bytes->data(), bytes->size());
  } else {
    counted = kFileChunk;
    ok = copy_file(item.fd, std::get<UniqueFd>(item.data).get());
  }
  item = Item();  // frees the bytes or closes the file outside the lock
  if (!ok) {
    const std::lock_guard lock(mutex_);
    failed_ = true;
    queue_.clear();  // nobody will read them: drop, and free
    queued_bytes_ = 0;
  }
  account(counted);
}

void FdWriter::account(std::size_t done) {
  bool became_low = false;
  {
    const std::lock_guard lock(mutex_);
    writing_ = false;
    queued_bytes_ = done > queued_bytes_ ? 0 : queued_bytes_ - done;
    if (congested_ && queued_bytes_ < kLowWater) {
      became_low = true;
      congested_ = false;
    }
    if (queue_.empty())
      drained_.notify_all();
  }
  if (became_low && pressure_changed_)
    pressure_changed_(false);
}

bool FdWriter::write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A stdout that was already non-blocking: wait until it takes more.
        pollfd ready{fd, POLLOUT, 0};
        while (::poll(&ready, 1, -1) < 0 && errno == EINTR) {
        }
        continue;
      }
      return false;  // EPIPE, ENOSPC, ...: no retry would fix it
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool FdWriter::copy_file(int fd, int file) {
  std::array<char, kFileChunk> chunk;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  off_t offset = 0;
  while (true) {
    const ssize_t n = ::pread(file, chunk.data(), chunk.size(), offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;  // the end, or a file that cannot be read: stdout is still fine
    if (!write_all(fd, chunk.data(), static_cast<std::size_t>(n)))
      return false;
    offset += n;
  }
}

}  // namespace tasker::cli
