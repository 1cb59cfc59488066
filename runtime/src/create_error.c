/* Why the last create call on this thread returned NULL: an instance that could not be made has no error() of its own. */
#include "model_internal.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char create_error[256];

void *cnnrt_create_failed(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(create_error, sizeof create_error, format, args);
  va_end(args);
  return NULL;
}

void cnnrt_create_succeeded(void) { create_error[0] = '\0'; }

const char *cnnrt_model_create_error(void) { return create_error; }

void *cnnrt_invalid_info(const cnnrt_model_info *info, const char *call) {
  if (!info)
    return cnnrt_create_failed("cnnrt_model_%s: no model descriptor (NULL)", call);
  if (info->abi_version != CNNRT_ABI_VERSION)
    return cnnrt_create_failed("cnnrt_model_%s: the object was compiled for runtime ABI %u, but this "
                               "runtime is ABI %u: compile it with the cnnc of this runtime",
                               call, info->abi_version, CNNRT_ABI_VERSION);
  return cnnrt_create_failed("cnnrt_model_%s: the model descriptor is not one cnnc writes",
                             call);
}
