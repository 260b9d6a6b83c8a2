// Counts allocation calls for the DERWalkComparison tool by defining malloc and friends in the
// executable, forwarding to glibc's own entry points (__libc_malloc …). Linked only into that
// tool; package-benchmark's malloc interposer does the same job for the benchmarks.
#include "CMallocCounter.h"

#if defined(__linux__) && defined(__GLIBC__)

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t allocations = 0;

static inline void count_one(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t size) {
    count_one();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    count_one();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    count_one();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) { return EINVAL; }
    count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) { return ENOMEM; }
    *result = pointer;
    return 0;
}

uint64_t malloc_counter_total(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }

int malloc_counter_is_active(void) { return 1; }

#else

uint64_t malloc_counter_total(void) { return 0; }

int malloc_counter_is_active(void) { return 0; }

#endif
