# tasker_warnings: linked PRIVATE by every first-party target and never by third-party code.
# Distro headers are system headers, so Boost, CLI11, fmt and GoogleTest do not trip these.
add_library(tasker_warnings INTERFACE)

target_compile_options(tasker_warnings INTERFACE
  -Wall
  -Wextra
  -Wpedantic
  -Wshadow
  -Wnon-virtual-dtor
  -Woverloaded-virtual
  -Wcast-align
  -Wnull-dereference
  -Wdouble-promotion
  -Wformat=2
  -Wimplicit-fallthrough
  -Wextra-semi
)

if(TASKER_WARNINGS_AS_ERRORS)
  target_compile_options(tasker_warnings INTERFACE -Werror)
endif()
