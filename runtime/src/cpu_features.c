/* Whether this CPU has the instruction-set extensions an object was compiled for (x86: CPUID, and XGETBV
   for the register state the OS saves); create refuses an object it lacks them for, instead of SIGILL. */
#include "model_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

enum { EAX, EBX, ECX, EDX };
enum { NONE, AVX, AVX512, AMX };

typedef struct cpu_feature {
  const char *name;
  unsigned leaf, subleaf;
  int reg, bit, state;
} cpu_feature;

static const cpu_feature features[] = {
#define CNNRT_CPU_FEATURE(name, leaf, subleaf, reg, bit, state) {name, leaf, subleaf, reg, bit, state},
#include "cnnrt/cpu_features.def"
#undef CNNRT_CPU_FEATURE
};
enum { feature_count = sizeof features / sizeof *features };

/* XCR0's bits for each state: SSE and AVX; also opmask, ZMM_Hi256, Hi16_ZMM; AMX's tile config and data. */
static const unsigned long long state_masks[] = {0, 0x6, 0xe6, 0x60000};

static int present[feature_count];
static pthread_once_t probed = PTHREAD_ONCE_INIT;

static void probe(void) {
  unsigned long long xcr0 = 0;
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27))) { /* OSXSAVE: XGETBV may be used */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = ((unsigned long long)hi << 32) | lo;
  }
  for (int i = 0; i < feature_count; ++i) {
    const cpu_feature *f = &features[i];
    unsigned r[4];
    if (!__get_cpuid_count(f->leaf, f->subleaf, &r[EAX], &r[EBX], &r[ECX], &r[EDX]))
      continue;
    unsigned long long state = state_masks[f->state];
    present[i] = (r[f->reg] >> f->bit & 1u) && (xcr0 & state) == state;
  }
}

/* Whether this CPU has the feature named `name` (of `length` bytes); -1 if
   the list does not know it. */
static int has_feature(const char *name, size_t length) {
  pthread_once(&probed, probe);
  for (int i = 0; i < feature_count; ++i)
    if (strlen(features[i].name) == length && memcmp(features[i].name, name, length) == 0)
      return present[i];
  return -1;
}

int cnnrt_cpu_runs(const cnnrt_model_info *info, const char *call) {
  char missing[160] = "";
  size_t used = 0;
  for (const char *p = info->cpu_features; *p;) {
    size_t length = strcspn(p, ",");
    int has = has_feature(p, length);
    if (has != 1 && used < sizeof missing)
      used += (size_t)snprintf(missing + used, sizeof missing - used, "%s%.*s%s",
                               used ? ", " : "", (int)length, p,
                               has < 0 ? " (unknown to this runtime)" : "");
    p += length + (p[length] == ',');
  }
  if (!used)
    return 1;
  cnnrt_create_failed("%s_%s: this object's code needs CPU features this CPU lacks: %s; compile "
                      "the model with --mcpu for the CPUs it is to run on (--mcpu x86-64-v3 runs on "
                      "any x86-64 with AVX2 and FMA)", info->name, call, missing);
  return 0;
}

#else

/* Other architectures: cnnc records no features there, so there is nothing to check. */
int cnnrt_cpu_runs(const cnnrt_model_info *info, const char *call) {
  (void)info, (void)call;
  return 1;
}

#endif
