#include "cli/output/output_capture.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

namespace tasker::cli {
namespace {

TEST(OutputCaptureTest, KeepsEverythingUnderTheLimit) {
  OutputCapture capture(16);
  capture.append("hello ");
  capture.append("world\n");
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text, "hello world\n");
  EXPECT_EQ(taken.dropped, 0U);
}

TEST(OutputCaptureTest, KeepsTheTailAndCountsWhatItDropped) {
  OutputCapture capture(5);
  capture.append("abc");
  capture.append("defg");  // crosses the limit
  capture.append("hi");    // wraps around the ring
  EXPECT_EQ(capture.total(), 9U);
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text, "efghi");
  EXPECT_EQ(taken.dropped, 4U);
}

TEST(OutputCaptureTest, AChunkLargerThanTheLimitKeepsItsEnd) {
  OutputCapture capture(4);
  capture.append("xy");
  capture.append("0123456789");
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text, "6789");
  EXPECT_EQ(taken.dropped, 8U);
}

TEST(OutputCaptureTest, ByteByByteMatchesAWholeCopy) {
  // Any split of the stream must give the same tail as the stream itself.
  std::string stream;
  for (int i = 0; i < 1000; ++i) stream += static_cast<char>('a' + i % 26);
  for (std::size_t step : {1U, 3U, 7U, 64U, 99U, 100U, 101U}) {
    OutputCapture capture(100);
    for (std::size_t at = 0; at < stream.size(); at += step) {
      capture.append(std::string_view(stream).substr(at, step));
    }
    const CapturedStream taken = capture.take();
    EXPECT_EQ(taken.text, stream.substr(900)) << "step " << step;
    EXPECT_EQ(taken.dropped, 900U) << "step " << step;
  }
}

TEST(OutputCaptureTest, MemoryStaysWithinTheLimit) {
  constexpr std::size_t kLimit = 64 * 1024;
  OutputCapture capture(kLimit);
  const std::string chunk(4000, 'x');
  for (int i = 0; i < 10000; ++i) {  // 40 MB through a 64 KiB capture
    capture.append(chunk);
    ASSERT_LE(capture.capacity(), kLimit);
  }
  EXPECT_EQ(capture.held(), kLimit);
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text.size(), kLimit);
  EXPECT_EQ(taken.dropped, 4000U * 10000U - kLimit);
}

TEST(OutputCaptureTest, SmallOutputCostsLittle) {
  OutputCapture capture(kDefaultCaptureLimit);
  capture.append("ok\n");
  EXPECT_LT(capture.capacity(), 1024U);
}

TEST(OutputCaptureTest, ZeroLimitKeepsNothingButCounts) {
  OutputCapture capture(0);
  capture.append("abc");
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text, "");
  EXPECT_EQ(taken.dropped, 3U);
}

TEST(OutputCaptureTest, TakeStartsAfresh) {
  OutputCapture capture(3);
  capture.append("abcdef");
  static_cast<void>(capture.take());
  EXPECT_EQ(capture.total(), 0U);
  EXPECT_EQ(capture.capacity(), 0U);
  capture.append("xy");
  const CapturedStream taken = capture.take();
  EXPECT_EQ(taken.text, "xy");
  EXPECT_EQ(taken.dropped, 0U);
}

}  // namespace
}  // namespace tasker::cli
