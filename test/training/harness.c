/* A generic driver of one cnnc-compiled training model for train_oracle.py: runs the operations named on its command line in order and writes their results as raw float32. */
/* Built with: cc -include NAME.h -DMODEL=NAME -DLABELS=0|1|2 (none, int32 sparse, float) harness.c NAME.o.
   Operations (an operation prefixed with '!' must fail; each prints "op: rc=N error"):
     input F          read the input batch (float32; batch = size / INPUT_SIZE)
     labels F         read the labels (raw bytes: int32 for sparse models, float32 otherwise)
     nolabels         the next training calls get NULL labels
     predict OUT      write the prediction
     grads OUT        compute_gradients: write the loss, then TRAINABLE_COUNT gradients
     xgrads OUT       the same through the runtime's call for the other kind of labels
     train N OUT      N train steps; write the N losses
     xtrain OUT       one train step through the runtime's call for the other kind of labels
     eval OUT         write the loss and the accuracy
     apply F          apply_gradients with TRAINABLE_COUNT floats from F
     lr X             set_learning_rate
     save F, load F   save_weights, load_weights
     fit E B S H      cnnrt_fit for E epochs in batches of B, shuffled from seed S, on the input and
                      labels (also its validation set), writing its history CSV to H
   Exits 1 if an operation failed unexpectedly or an expected failure succeeded. */
#include <cnnrt/fit.h>
#include <cnnrt/model.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define FN(x) CAT(MODEL, x)

typedef FN(model) model_t;
static cnnrt_model *rt(model_t *m) { return (cnnrt_model *)m; }

static void *read_file(const char *path, long *bytes) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "harness: cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  *bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc(*bytes ? *bytes : 1);
  if (fread(data, 1, *bytes, f) != (size_t)*bytes) {
    fprintf(stderr, "harness: cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  return data;
}

static void write_floats(const char *path, const float *data, long count) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, sizeof(float), count, f) != (size_t)count) {
    fprintf(stderr, "harness: cannot write %s\n", path);
    exit(2);
  }
  fclose(f);
}

/* The model's own calls for its kind of labels; the runtime's for "none". */
static int grads_call(model_t *m, const float *x, const void *y, int64_t n, float *loss, float *g) {
#if LABELS == 1
  return FN(compute_gradients)(m, x, y, n, loss, g);
#elif LABELS == 2
  return FN(compute_gradients_float_labels)(m, x, y, n, loss, g);
#else
  return cnnrt_model_compute_gradients(rt(m), x, y, n, loss, g);
#endif
}
static int train_call(model_t *m, const float *x, const void *y, int64_t n, float *loss) {
#if LABELS == 1
  return FN(train_step)(m, x, y, n, loss);
#elif LABELS == 2
  return FN(train_step_float_labels)(m, x, y, n, loss);
#else
  return cnnrt_model_train_step(rt(m), x, y, n, loss);
#endif
}
static int eval_call(model_t *m, const float *x, const void *y, int64_t n, float *loss, float *acc) {
#if LABELS == 1
  return FN(evaluate)(m, x, y, n, loss, acc);
#elif LABELS == 2
  return FN(evaluate_float_labels)(m, x, y, n, loss, acc);
#else
  return cnnrt_model_evaluate(rt(m), x, y, n, loss, acc);
#endif
}
#if LABELS == 0
static int apply_call(model_t *m, const float *g) { return cnnrt_model_apply_gradients(rt(m), g); }
static void lr_call(model_t *m, float lr) { cnnrt_model_set_learning_rate(rt(m), lr); }
#else
static int apply_call(model_t *m, const float *g) { return FN(apply_gradients)(m, g); }
static void lr_call(model_t *m, float lr) { FN(set_learning_rate)(m, lr); }
#endif
/* The other kind of labels, through the runtime (the header declares only one kind). */
static int xgrads_call(model_t *m, const float *x, const void *y, int64_t n, float *loss, float *g) {
#if LABELS == 2
  return cnnrt_model_compute_gradients(rt(m), x, y, n, loss, g);
#else
  return cnnrt_model_compute_gradients_float_labels(rt(m), x, y, n, loss, g);
#endif
}
static int xtrain_call(model_t *m, const float *x, const void *y, int64_t n, float *loss) {
#if LABELS == 2
  return cnnrt_model_train_step(rt(m), x, y, n, loss);
#else
  return cnnrt_model_train_step_float_labels(rt(m), x, y, n, loss);
#endif
}

int main(int argc, char **argv) {
  model_t *m = FN(create)();
  if (!m) {
    fprintf(stderr, "harness: create failed\n");
    return 2;
  }
  const int64_t in_size = cnnrt_model_input_size(rt(m));
  const int64_t out_size = cnnrt_model_output_size(rt(m));
  const int64_t trainable = cnnrt_model_trainable_count(rt(m));
  float *input = NULL;
  void *labels = NULL;
  int64_t batch = 0;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const char *op = argv[i], *shown = argv[i];
    int expect_fail = op[0] == '!';
    if (expect_fail)
      ++op;
    const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
    int rc = 0;
    long bytes = 0;
    if (!strcmp(op, "input")) {
      free(input);
      input = read_file(arg, &bytes);
      batch = bytes / (long)sizeof(float) / in_size;
      ++i;
      continue;
    } else if (!strcmp(op, "labels")) {
      free(labels);
      labels = read_file(arg, &bytes);
      ++i;
      continue;
    } else if (!strcmp(op, "nolabels")) {
      free(labels);
      labels = NULL;
      continue;
    } else if (!strcmp(op, "predict")) {
      float *out = calloc(batch * out_size, sizeof(float));
      rc = FN(predict)(m, input, batch, out);
      if (!rc)
        write_floats(arg, out, batch * out_size);
      free(out);
      ++i;
    } else if (!strcmp(op, "grads") || !strcmp(op, "xgrads")) {
      float *out = calloc(trainable + 1, sizeof(float));
      rc = (op[0] == 'x' ? xgrads_call : grads_call)(m, input, labels, batch, out, out + 1);
      if (!rc)
        write_floats(arg, out, trainable + 1);
      free(out);
      ++i;
    } else if (!strcmp(op, "train")) {
      int steps = atoi(arg);
      float *losses = calloc(steps, sizeof(float));
      for (int s = 0; s < steps && !rc; ++s)
        rc = train_call(m, input, labels, batch, &losses[s]);
      if (!rc)
        write_floats(argv[i + 2], losses, steps);
      free(losses);
      i += 2;
    } else if (!strcmp(op, "xtrain")) {
      float loss = 0;
      rc = xtrain_call(m, input, labels, batch, &loss);
      ++i;
    } else if (!strcmp(op, "eval")) {
      float out[2] = {0, 0};
      rc = eval_call(m, input, labels, batch, &out[0], &out[1]);
      if (!rc)
        write_floats(arg, out, 2);
      ++i;
    } else if (!strcmp(op, "apply")) {
      float *g = read_file(arg, &bytes);
      rc = bytes == trainable * (long)sizeof(float) ? apply_call(m, g) : -1;
      free(g);
      ++i;
    } else if (!strcmp(op, "lr")) {
      lr_call(m, strtof(arg, NULL));
      ++i;
    } else if (!strcmp(op, "save")) {
      rc = FN(save_weights)(m, arg);
      ++i;
    } else if (!strcmp(op, "load")) {
      rc = FN(load_weights)(m, arg);
      ++i;
    } else if (!strcmp(op, "fit") && i + 4 < argc) {
      cnnrt_fit_options options;
      cnnrt_fit_options_default(&options);
      options.epochs = atoi(argv[i + 1]);
      options.batch_size = atoll(argv[i + 2]);
      options.seed = strtoull(argv[i + 3], NULL, 10);
      options.history_csv = argv[i + 4];
      options.verbose = CNNRT_FIT_QUIET;
      cnnrt_dataset data = {input, labels, batch};
      cnnrt_fit_result result;
      char err[512];
      rc = cnnrt_fit(rt(m), &data, &data, &options, &result, err, sizeof err);
      if (rc)
        fprintf(stderr, "harness: %s\n", err);
      i += 4;
    } else {
      fprintf(stderr, "harness: unknown operation '%s'\n", op);
      return 2;
    }
    printf("%s: rc=%d %s\n", shown, rc, rc ? FN(error)(m) : "");
    if ((rc != 0) != expect_fail) {
      fprintf(stderr, "harness: '%s' %s\n", op, expect_fail ? "succeeded but should have failed" : "failed");
      status = 1;
    }
  }
  fflush(stdout);
  FN(destroy)(m);
  free(input);
  free(labels);
  return status;
}
