#ifndef ENCORE_FUZZ_DRIVER_H
#define ENCORE_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (command line, corpus, mutations) on `callback`.
///
/// SwiftPM links a debug executable with `--defsym main=<Module>_main` (so tests can import it),
/// which hides libFuzzer's own `main`: each fuzz target defines `<Module>_main` and calls this.
/// A release build keeps libFuzzer's `main`, which calls `LLVMFuzzerTestOneInput` directly.
int encore_fuzz_main(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));

#endif
