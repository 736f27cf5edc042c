// -k, --keep-order in the printers: the head producer prints as it comes, later ones wait until
// every earlier one is done, then print in input order; held output past its memory goes to a
// temporary file.

#include "cli/output/grouped_printer.hpp"
#include "cli/output/line_printer.hpp"
#include "cli/output/output_printer.hpp"
#include "tests/support/mem_file.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tasker::cli {
namespace {

constexpr OutputStream kOut = OutputStream::stdout_stream;
constexpr OutputStream kErr = OutputStream::stderr_stream;

class KeepOrderPrinter : public ::testing::Test {
 protected:
  PrinterOptions options(OutputMode mode) {
    PrinterOptions options;
    options.mode = mode;
    options.keep_order = true;
    options.out = out_.get();
    options.err = err_.get();
    return options;
  }

  MemFile out_;
  MemFile err_;
};

TEST_F(KeepOrderPrinter, PrefixedHeadPrintsAsItComesLaterOnesWait) {
  auto printer = make_output_printer(options(OutputMode::prefixed));
  printer->begin(0, "a");
  printer->begin(1, "b");
  printer->begin(2, "c");
  printer->output(2, kOut, "c1\nc-unfinished");
  printer->output(1, kErr, "b-err\n");
  printer->output(0, kOut, "a1\n");
  EXPECT_EQ(out_.text(), "a | a1\n");  // the head, at once
  EXPECT_EQ(err_.text(), "");
  printer->end(2, false);
  printer->output(1, kOut, "b1\n");
  EXPECT_EQ(out_.text(), "a | a1\n");
  printer->end(0, false);  // b is the head now: what it held, then what comes
  EXPECT_EQ(out_.text(), "a | a1\nb | b1\n");
  EXPECT_EQ(err_.text(), "b | b-err\n");
  printer->output(1, kOut, "b2\n");
  EXPECT_EQ(out_.text(), "a | a1\nb | b1\nb | b2\n");
  printer->end(1, false);  // c was done already
  EXPECT_EQ(out_.text(), "a | a1\nb | b1\nb | b2\nc | c1\nc | c-unfinished\n");
}

TEST_F(KeepOrderPrinter, ASkippedProducerHoldsNothingUp) {
  auto printer = make_output_printer(options(OutputMode::prefixed));
  printer->begin(0, "a");
  printer->begin(2, "c");
  printer->output(2, kOut, "c1\n");
  printer->end(2, false);
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "");  // #1 may still come
  printer->skip(1);
  EXPECT_EQ(out_.text(), "c | c1\n");
}

TEST_F(KeepOrderPrinter, GroupedBlocksWaitForTheEarlierOnes) {
  auto printer = make_output_printer(options(OutputMode::grouped));
  printer->begin(0, "a");
  printer->begin(1, "b");
  printer->output(1, kOut, "b1\n");
  printer->end(1, true);
  EXPECT_EQ(out_.text(), "");
  printer->output(0, kOut, "a1\n");
  printer->end(0, false);
  EXPECT_EQ(out_.text(), "==> a <==\na1\n==> b (failed) <==\nb1\n");
}

TEST_F(KeepOrderPrinter, HeldLinesPastTheirMemoryGoToATemporaryFile) {
  PrinterOptions held = options(OutputMode::prefixed);
  held.group_memory = 1000;
  LinePrinter printer(held);
  printer.begin(0, "a");
  printer.begin(1, "b");
  const std::string line(99, 'x');
  std::string expected;
  for (int i = 0; i < 100; ++i) {
    printer.output(1, kOut, line + "\n");
    expected += "b | " + line + "\n";
  }
  EXPECT_LE(printer.memory_in_use(), 1000u + 200u);
  printer.end(0, false);
  EXPECT_EQ(printer.memory_in_use(), 0u);
  printer.end(1, false);
  EXPECT_EQ(out_.text(), expected);
}

TEST_F(KeepOrderPrinter, WhatIsStillHeldAtTheEndIsPrintedInOrder) {
  {
    auto printer = make_output_printer(options(OutputMode::prefixed));
    printer->begin(0, "a");
    printer->begin(1, "b");
    printer->begin(2, "c");
    printer->output(2, kOut, "c1\n");
    printer->output(1, kOut, "b1\n");
  }
  EXPECT_EQ(out_.text(), "b | b1\nc | c1\n");
}

}  // namespace
}  // namespace tasker::cli
