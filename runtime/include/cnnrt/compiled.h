/* The runtime functions that cnnc-compiled code calls; apps do not call them. */
#ifndef CNNRT_COMPILED_H
#define CNNRT_COMPILED_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The generated code's buffers (cnnc renames MLIR's generic allocation
   functions to these). Inside a runtime call (cnnrt_model_predict, ...), the
   blocks are tracked, and an allocation that fails ends that call: it frees
   the call's blocks and returns non-zero with "out of memory" as the model's
   error. Outside one (an app calling a cnnrt_model_info function pointer
   itself), a failed allocation prints a message and aborts, since the code
   cannot go on without its buffer. */
void *cnnrt_compiled_alloc(uint64_t bytes);
/* What each block costs beyond its bytes (its header, and the rounding of an
   instance's workspace in caller memory); cnnc counts it in the workspace
   bytes it records for each function. */
#define CNNRT_COMPILED_BLOCK_BYTES 32
void cnnrt_compiled_free(void *block);

/* Called by the generated code before allocating a buffer whose size in
   bytes overflows 64 bits for the batch: ends the runtime call like a failed
   allocation, with "batch too large" as the error (aborts outside one). */
void cnnrt_compiled_size_overflow(void);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_COMPILED_H */
