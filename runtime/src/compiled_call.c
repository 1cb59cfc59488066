/* Calls into compiled code: its buffers are tracked, so that a failed allocation returns an error from the runtime call instead of crashing. */
#include "cnnrt/compiled.h"
#include "model_internal.h"

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* Each block of the generated code starts with this header, which keeps
   malloc's alignment for the bytes after it and links the block into the
   list of its runtime call. */
typedef union block_header {
  struct {
    union block_header *prev, *next;
  } links;
  max_align_t alignment;
} block_header;

typedef struct compiled_call {
  int running;
  jmp_buf on_failure;
  block_header live; /* the sentinel of the blocks allocated and not freed */
  uint64_t failed_bytes;
  int size_overflow;
} compiled_call;

/* The call running on this thread. The generated code's allocation functions
   take no context, so this is how they find their call; instances on
   separate threads have separate calls. Thread storage rather than a local of
   cnnrt_run_compiled, whose values after the longjmp would be indeterminate. */
static _Thread_local compiled_call current;

static void unlink_block(block_header *block) {
  block->links.prev->links.next = block->links.next;
  block->links.next->links.prev = block->links.prev;
}

/* Ends the current call through its setjmp; aborts outside one. */
static void end_call(uint64_t bytes, int size_overflow) {
  if (!current.running) {
    fprintf(stderr, "cnnrt: compiled model code called outside the runtime %s; "
            "aborting\n", size_overflow ? "needs a buffer larger than 2^63 bytes"
                                        : "ran out of memory");
    abort();
  }
  current.failed_bytes = bytes;
  current.size_overflow = size_overflow;
  longjmp(current.on_failure, 1);
}

void *cnnrt_compiled_alloc(uint64_t bytes) {
  block_header *block =
      bytes <= SIZE_MAX - sizeof *block ? malloc(sizeof *block + (size_t)bytes) : NULL;
  if (!block)
    end_call(bytes, 0);
  if (current.running) {
    block->links.prev = &current.live;
    block->links.next = current.live.links.next;
    current.live.links.next->links.prev = block;
    current.live.links.next = block;
  } else {
    block->links.prev = block->links.next = block; /* unlinking it is a no-op */
  }
  return block + 1;
}

void cnnrt_compiled_free(void *pointer) {
  if (!pointer)
    return;
  block_header *block = (block_header *)pointer - 1;
  unlink_block(block);
  free(block);
}

void cnnrt_compiled_size_overflow(void) { end_call(0, 1); }

/* Frees the blocks the call still holds: all of them after a failure; none
   after a success, unless the generated code leaked one (it keeps nothing
   between calls, so nothing can still point to them). */
static void finish_call(void) {
  while (current.live.links.next != &current.live) {
    block_header *block = current.live.links.next;
    unlink_block(block);
    free(block);
  }
  current.running = 0;
}

static void call_with(cnnrt_compiled_fn fn, int argc, void **argv) {
  switch (argc) {
  case 3:
    ((void (*)(void *, void *, void *))fn)(argv[0], argv[1], argv[2]);
    break;
  case 4:
    ((void (*)(void *, void *, void *, void *))fn)(argv[0], argv[1], argv[2], argv[3]);
    break;
  case 5:
    ((void (*)(void *, void *, void *, void *, void *))fn)(argv[0], argv[1], argv[2],
                                                           argv[3], argv[4]);
    break;
  case 7:
    ((void (*)(void *, void *, void *, void *, void *, void *, void *))fn)(
        argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6]);
    break;
  default:
    abort(); /* a runtime bug: every compiled function takes 3, 4, 5 or 7 */
  }
}

int cnnrt_run_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                       cnnrt_compiled_fn fn, int argc, void **argv) {
  if (current.running) /* compiled code calls no runtime entry point */
    return cnnrt_fail(model, "%s_%s: called while compiled code runs on this thread",
                      model->info->name, what);
  current.running = 1;
  current.live.links.prev = current.live.links.next = &current.live;
  current.failed_bytes = 0;
  current.size_overflow = 0;
  if (setjmp(current.on_failure)) {
    finish_call();
    if (current.size_overflow)
      return cnnrt_fail(model, "%s_%s: batch %lld is too large: a buffer of the "
                        "model would exceed 2^63 bytes", model->info->name, what,
                        (long long)batch);
    if (batch > 0)
      return cnnrt_fail(model, "%s_%s: out of memory: cannot allocate a buffer of "
                        "%llu bytes (batch %lld)", model->info->name, what,
                        (unsigned long long)current.failed_bytes, (long long)batch);
    return cnnrt_fail(model, "%s_%s: out of memory: cannot allocate a buffer of "
                      "%llu bytes", model->info->name, what,
                      (unsigned long long)current.failed_bytes);
  }
  call_with(fn, argc, argv);
  finish_call();
  return 0;
}
