# tasker_sanitizers: turns TASKER_SANITIZERS ("address,undefined", "thread", ...) into compile and
# link flags. tasker_core links it PUBLIC so every executable that links the core is also linked
# with the sanitizer runtime.
add_library(tasker_sanitizers INTERFACE)

if(TASKER_SANITIZERS)
  set(_tasker_sanitizer_flags
    -fsanitize=${TASKER_SANITIZERS}
    -fno-omit-frame-pointer
    # A sanitizer report must fail the test that caused it, not scroll past.
    -fno-sanitize-recover=all
  )
  target_compile_options(tasker_sanitizers INTERFACE ${_tasker_sanitizer_flags})
  target_link_options(tasker_sanitizers INTERFACE ${_tasker_sanitizer_flags})
  message(STATUS "tasker: sanitizers enabled: ${TASKER_SANITIZERS}")
endif()
