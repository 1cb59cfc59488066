/* Calls into compiled code: its buffers are tracked, so that a failed allocation returns an error from the runtime call instead of crashing, and kept for the next call on the thread, so that a steady state of calls allocates nothing and touches no new page; or stacked in an instance's caller memory. */
#include "cnnrt/compiled.h"
#include "model_internal.h"

#include <pthread.h>
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
    size_t bytes;      /* what the block holds after its header */
    uint64_t last_use; /* the call that last freed it, while it is spare */
  } links;
  max_align_t alignment;
} block_header;

_Static_assert(sizeof(block_header) <= CNNRT_COMPILED_BLOCK_BYTES,
               "cnnc counts CNNRT_COMPILED_BLOCK_BYTES per block");

/* A block stacked in an arena: the offset of the block below it, and
   whether it was freed while blocks above it were live. Blocks start at
   multiples of ARENA_STEP, and so do the bytes after their header. */
typedef struct arena_header {
  size_t below; /* offset of the previous block's header; SIZE_MAX: none */
  size_t freed;
} arena_header;

enum { ARENA_STEP = _Alignof(max_align_t) };

_Static_assert(sizeof(arena_header) % ARENA_STEP == 0 &&
                   sizeof(arena_header) + ARENA_STEP - 1 <= CNNRT_COMPILED_BLOCK_BYTES,
               "cnnc counts CNNRT_COMPILED_BLOCK_BYTES per block");

typedef struct compiled_call {
  int running;
  jmp_buf on_failure;
  cnnrt_arena *arena; /* where this call's blocks come from; NULL: the heap */
  size_t arena_start; /* the arena's top when the call began */
  size_t arena_last;  /* the offset of the last block's header; SIZE_MAX: none */
  block_header live; /* the sentinel of the blocks allocated and not freed */
  /* Blocks the generated code freed, kept for the next calls on this thread:
     a call with the same shapes asks for the same sizes, and gets blocks
     whose pages are already mapped (a first touch of a page costs ~10 us).
     A block that none of the last SPARE_CALLS calls used is freed, so what
     is kept is what those calls needed (a training step makes two: the
     gradients, then the optimizer's update). */
  block_header spare;
  uint64_t calls;
  uint64_t failed_bytes;
  int size_overflow;
} compiled_call;

/* The call running on this thread. The generated code's allocation functions
   take no context, so this is how they find their call; instances on
   separate threads have separate calls. Thread storage rather than a local of
   cnnrt_run_compiled, whose values after the longjmp would be indeterminate. */
static _Thread_local compiled_call current;

enum { SPARE_CALLS = 8 };

static void unlink_block(block_header *block) {
  block->links.prev->links.next = block->links.next;
  block->links.next->links.prev = block->links.prev;
}

static void link_block(block_header *list, block_header *block) {
  block->links.prev = list;
  block->links.next = list->links.next;
  list->links.next->links.prev = block;
  list->links.next = block;
}

static int is_empty(const block_header *list) { return list->links.next == list; }

static void init_list(block_header *list) { list->links.prev = list->links.next = list; }

/* Frees the blocks of `list` whose last use came before call `before`. */
static void free_blocks(block_header *list, uint64_t before) {
  for (block_header *block = list->links.next, *next; block != list; block = next) {
    next = block->links.next;
    if (block->links.last_use < before) {
      unlink_block(block);
      free(block);
    }
  }
}

/* Frees this thread's spare blocks when the thread ends. */
static pthread_key_t spare_owner;
static int spare_owner_created;
static pthread_once_t spare_owner_once = PTHREAD_ONCE_INIT;

static void free_spare_blocks(void *call) {
  free_blocks(&((compiled_call *)call)->spare, UINT64_MAX);
}

static void create_spare_owner(void) {
  /* Without the key, a thread's spare blocks outlive it. */
  spare_owner_created = pthread_key_create(&spare_owner, free_spare_blocks) == 0;
}

/* A spare block of exactly `bytes` (the same code asks for the same sizes). */
static block_header *take_spare(uint64_t bytes) {
  for (block_header *block = current.spare.links.next; block != &current.spare;
       block = block->links.next)
    if (block->links.bytes == bytes) {
      unlink_block(block);
      return block;
    }
  return NULL;
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

/* A block of `bytes` on top of the call's arena, aligned as malloc's. */
static void *arena_alloc(uint64_t bytes) {
  cnnrt_arena *arena = current.arena;
  size_t room = arena->bytes - arena->top;
  if (bytes > room || room - bytes < sizeof(arena_header) + ARENA_STEP - 1)
    end_call(bytes, 0);
  size_t need = (sizeof(arena_header) + (size_t)bytes + ARENA_STEP - 1) / ARENA_STEP *
                ARENA_STEP;
  arena_header *header = (arena_header *)(arena->base + arena->top);
  header->below = current.arena_last;
  header->freed = 0;
  current.arena_last = arena->top;
  arena->top += need;
  return header + 1;
}

/* Marks the block freed and pops every freed block off the top. */
static void arena_free(void *pointer) {
  cnnrt_arena *arena = current.arena;
  ((arena_header *)pointer - 1)->freed = 1;
  while (current.arena_last != SIZE_MAX) {
    arena_header *last = (arena_header *)(arena->base + current.arena_last);
    if (!last->freed)
      break;
    arena->top = current.arena_last;
    current.arena_last = last->below;
  }
}

void *cnnrt_compiled_alloc(uint64_t bytes) {
  if (current.running && current.arena)
    return arena_alloc(bytes);
  block_header *block = current.running ? take_spare(bytes) : NULL;
  if (!block) {
    block = bytes <= SIZE_MAX - sizeof *block ? malloc(sizeof *block + (size_t)bytes)
                                               : NULL;
    if (!block)
      end_call(bytes, 0);
    block->links.bytes = (size_t)bytes;
  }
  if (current.running)
    link_block(&current.live, block);
  else
    init_list(block); /* unlinking it is a no-op */
  return block + 1;
}

void cnnrt_compiled_free(void *pointer) {
  if (!pointer)
    return;
  if (current.running && current.arena) {
    arena_free(pointer);
    return;
  }
  block_header *block = (block_header *)pointer - 1;
  unlink_block(block);
  if (current.running) {
    block->links.last_use = current.calls;
    link_block(&current.spare, block);
  } else {
    free(block);
  }
}

void cnnrt_compiled_size_overflow(void) { end_call(0, 1); }

/* Frees the blocks the call still holds: all of them after a failure; none
   after a success, unless the generated code leaked one (it keeps nothing
   between calls, so nothing can still point to them). Spare blocks are kept
   if one of the last SPARE_CALLS calls used them, all freed after a failure. */
static void finish_call(int failed) {
  if (current.arena)
    current.arena->top = current.arena_start;
  while (!is_empty(&current.live)) {
    block_header *block = current.live.links.next;
    unlink_block(block);
    free(block);
  }
  free_blocks(&current.spare, failed ? UINT64_MAX
                                     : current.calls > SPARE_CALLS ? current.calls - SPARE_CALLS
                                                                   : 0);
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

int cnnrt_call_compiled(cnnrt_compiled_fn fn, int argc, void **argv, int continues,
                        cnnrt_arena *arena, cnnrt_call_status *status) {
  status->reentered = status->size_overflow = status->arena_full = 0;
  status->failed_bytes = 0;
  if (current.running) { /* compiled code calls no runtime entry point */
    status->reentered = 1;
    return 1;
  }
  if (!current.spare.links.next) { /* the thread's first call */
    init_list(&current.spare);
    pthread_once(&spare_owner_once, create_spare_owner);
    if (spare_owner_created)
      pthread_setspecific(spare_owner, &current);
  }
  current.running = 1;
  current.arena = arena;
  current.arena_start = arena ? arena->top : 0;
  current.arena_last = SIZE_MAX;
  if (!continues)
    ++current.calls;
  init_list(&current.live);
  current.failed_bytes = 0;
  current.size_overflow = 0;
  if (setjmp(current.on_failure)) {
    finish_call(1);
    status->failed_bytes = current.failed_bytes;
    status->size_overflow = current.size_overflow;
    status->arena_full = arena && !current.size_overflow;
    return 1;
  }
  call_with(fn, argc, argv);
  finish_call(0);
  return 0;
}

int cnnrt_report_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                          const cnnrt_call_status *status) {
  const char *name = model->info->name;
  if (status->reentered)
    return cnnrt_fail(model, "%s_%s: called while compiled code runs on this thread",
                      name, what);
  if (status->size_overflow)
    return cnnrt_fail(model, "%s_%s: batch %lld is too large: a buffer of the "
                      "model would exceed 2^63 bytes", name, what, (long long)batch);
  if (status->arena_full)
    return cnnrt_fail(model, "%s_%s: the instance's memory is too small for a "
                      "buffer of %llu bytes (batch %lld); %s_memory_bytes(batch) "
                      "says what %s_create_in needs", name, what,
                      (unsigned long long)status->failed_bytes, (long long)batch,
                      name, name);
  if (batch > 0)
    return cnnrt_fail(model, "%s_%s: out of memory: cannot allocate a buffer of "
                      "%llu bytes (batch %lld)", name, what,
                      (unsigned long long)status->failed_bytes, (long long)batch);
  return cnnrt_fail(model, "%s_%s: out of memory: cannot allocate a buffer of "
                    "%llu bytes", name, what, (unsigned long long)status->failed_bytes);
}

int cnnrt_run_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                       cnnrt_compiled_fn fn, int argc, void **argv) {
  cnnrt_call_status status;
  if (cnnrt_call_compiled(fn, argc, argv, 0, model->arena, &status))
    return cnnrt_report_compiled(model, what, batch, &status);
  return 0;
}
