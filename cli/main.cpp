#include "cli/app.hpp"

int main(int argc, char** argv) {
  return tasker::cli::main(argc, argv);
}
