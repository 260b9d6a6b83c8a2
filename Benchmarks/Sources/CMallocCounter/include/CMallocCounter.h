#ifndef SWIFT_JPKI_BENCHMARKS_CMALLOCCOUNTER_H
#define SWIFT_JPKI_BENCHMARKS_CMALLOCCOUNTER_H

#include <stdint.h>

/// The number of allocation calls (malloc, calloc, realloc, the aligned forms) made in this
/// process so far, on glibc, where this target replaces them with counting wrappers; 0 where
/// it cannot count (see malloc_counter_is_active).
uint64_t malloc_counter_total(void);

/// 1 when allocations are being counted.
int malloc_counter_is_active(void);

#endif
