/* cnnrt model instances: what the entry points of a cnnc-compiled object call. */
#ifndef CNNRT_MODEL_H
#define CNNRT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever cnnrt_model_info changes; objects compiled against another
   version are refused at create time. */
#define CNNRT_ABI_VERSION 7u
/* The largest tensor rank a model's input or output may have. */
#define CNNRT_MAX_RANK 8
/* The largest batch a call takes. cnnc keeps every tensor a model computes
   within INT32_MAX elements per sample, so batch x elements x 4 bytes stays
   below 2^62: no size or offset in the compiled code or here overflows. */
#define CNNRT_MAX_BATCH (INT64_C(1) << 29)
/* The most threads an instance splits its batch calls over. */
#define CNNRT_MAX_THREADS 256

/* The losses of a training build, as the cnn dialect numbers them. */
typedef enum cnnrt_loss {
  CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY = 0, /* int32 class labels */
  CNNRT_LOSS_CATEGORICAL_CROSSENTROPY = 1,        /* float labels, one per output */
  CNNRT_LOSS_BINARY_CROSSENTROPY = 2,
  CNNRT_LOSS_MEAN_SQUARED_ERROR = 3
} cnnrt_loss;

typedef enum cnnrt_optimizer {
  CNNRT_OPTIMIZER_SGD = 0,
  CNNRT_OPTIMIZER_ADAM = 1,
  CNNRT_OPTIMIZER_RMSPROP = 2,
  CNNRT_OPTIMIZER_ADAGRAD = 3
} cnnrt_optimizer;

/* The hyperparameter vector the compiled optimizer step reads. */
typedef enum cnnrt_hyperparameter {
  CNNRT_HYPER_LEARNING_RATE = 0,
  CNNRT_HYPER_STEP = 1, /* the step being taken, from 1 (Keras' iterations + 1) */
  CNNRT_HYPER_BETA_1 = 2,
  CNNRT_HYPER_BETA_2 = 3,
  CNNRT_HYPER_EPSILON = 4,
  CNNRT_HYPER_MOMENTUM = 5,
  CNNRT_HYPER_RHO = 6,
  CNNRT_HYPER_COUNT = 8
} cnnrt_hyperparameter;

/* The compiled functions, with MLIR's C interface: each argument points to a
   strided memref descriptor {allocated, aligned, offset, sizes[], strides[]};
   results are caller-allocated out-parameters after the arguments.
   forward(params, input) -> output
   evaluate(params, input, labels) -> (loss (rank 0), output)
   gradients(params, input, labels, seed (rank-0 int64: the step's dropout masks))
     -> (loss (rank 0), grads[trainable_count], updated[updated_count])
   apply_gradients(params, slots, grads, hyper), updating params and slots in place.
   Their buffers come from cnnrt_compiled_alloc (cnnrt/compiled.h): called
   through the runtime (cnnrt_model_predict, ...), a buffer that cannot be
   allocated fails that call with "out of memory"; called directly, it aborts. */
typedef void (*cnnrt_forward_fn)(void *params, void *input, void *output);
typedef void (*cnnrt_evaluate_fn)(void *params, void *input, void *labels,
                                  void *loss, void *output);
typedef void (*cnnrt_gradients_fn)(void *params, void *input, void *labels,
                                   void *seed, void *loss, void *grads,
                                   void *updated);
typedef void (*cnnrt_apply_fn)(void *params, void *slots, void *grads,
                               void *hyper);

/* Emitted by cnnc into each object as read-only data; fields in model_info.def. */
typedef struct cnnrt_weight_info {
#define CNNRT_WEIGHT_FIELD(type, name, kind) type name;
#include "cnnrt/model_info.def"
#undef CNNRT_WEIGHT_FIELD
} cnnrt_weight_info;

typedef struct cnnrt_model_info {
#define CNNRT_INFO_FIELD(type, name, kind) type name;
#include "cnnrt/model_info.def"
#undef CNNRT_INFO_FIELD
} cnnrt_model_info;

typedef struct cnnrt_model cnnrt_model;

/* NULL if out of memory, if `info` is of another ABI version, or if the
   object holds no weights (cnnc --weights=external); then
   cnnrt_model_create_error() says why. The weights start as the object's
   (the model file's, or its initialisers'). */
cnnrt_model *cnnrt_model_create(const cnnrt_model_info *info);
void cnnrt_model_destroy(cnnrt_model *model);

/* An instance whose weights are read from `path`, a file in
   cnnrt_model_save_weights' layout: what cnnc --weights=external writes beside
   the object, or weights saved from another instance. NULL, with
   cnnrt_model_create_error() saying why, if the file cannot be read or does
   not hold exactly the model's weights. Works for objects with embedded
   weights too (the file's replace them). */
cnnrt_model *cnnrt_model_create_from_file(const cnnrt_model_info *info, const char *path);

/* Why the last create call (any of them) on this thread returned NULL; ""
   after one that succeeded. */
const char *cnnrt_model_create_error(void);

/* An instance in `bytes` of memory the caller owns, which no call of the
   instance allocates beyond: its state (weights, optimizer slots, gradients)
   and the compiled code's workspace are laid out in it. NULL if `memory` is
   NULL or `bytes` is less than cnnrt_model_memory_bytes(info, 1), or `info`
   is of another ABI version or holds no weights (cnnrt_model_create_error()
   says which). predict, train_step, evaluate,
   compute_gradients and apply_gradients then call no malloc and, once each
   has run, touch no new page. It runs on the calling thread only (set_num_threads
   refuses more than 1). A call whose buffers the memory cannot hold fails with
   a message; destroy does nothing: the memory is the caller's again after the
   last call. */
cnnrt_model *cnnrt_model_create_in(const cnnrt_model_info *info, void *memory,
                                   size_t bytes);
/* create_in, with the weights read from `path` as create_from_file does. */
cnnrt_model *cnnrt_model_create_in_from_file(const cnnrt_model_info *info, void *memory,
                                             size_t bytes, const char *path);

/* The bytes cnnrt_model_create_in needs for an instance whose predict takes
   any batch (in groups of samples; compiled with --predict-group-bytes 0, in
   groups of `batch` or as many as the memory holds) and whose training and
   evaluate calls take up to `batch` samples. -1 for a batch below 1 or above
   CNNRT_MAX_BATCH, or when cnnc could not size the buffers. */
int64_t cnnrt_model_memory_bytes(const cnnrt_model_info *info, int64_t batch);

/* Batch calls (predict, evaluate, train steps) split their batch into one
   chunk of consecutive samples per thread, run at once: the calling thread
   takes the first, the instance's workers (started at the first call that
   needs them, sleeping between calls) the others. The default is cnnc's
   --threads (info->default_threads), or if 0 the number of CPUs the process
   may run on. predict's outputs are bit-identical for
   any thread count. Training steps average the chunks' gradients, weighted
   by their sizes: the same step up to the order of float sums, with the
   dropout masks of each chunk drawn from its own stream. So a training run
   is reproducible for a given thread count, and differs in the last bits
   between counts. A model with BatchNormalization computes its gradients on
   one thread, since its batch statistics span the whole batch.
   Fails (non-zero, with a message) unless 1 <= threads <= CNNRT_MAX_THREADS. */
int cnnrt_model_set_num_threads(cnnrt_model *model, int threads);
int cnnrt_model_num_threads(const cnnrt_model *model);

/* input: batch x (input shape) floats; output: batch x (output shape) floats.
   Returns 0 on success; otherwise non-zero, and cnnrt_model_error() says why
   (bad arguments, a batch too large, or out of memory for the model's
   buffers; the instance stays usable). */
int cnnrt_model_predict(cnnrt_model *model, const float *input, int64_t batch,
                        float *output);

/* The most bytes the compiled code's buffers take at once in a predict call
   on `batch` samples with the instance's thread count: each thread runs the
   forward function on groups of as many samples as cnnc's
   --predict-group-bytes holds (at least one), so the figure stops growing
   with the batch: at most that budget per thread, unless one sample needs
   more. It counts the planned workspace (buffers reused by lifetime) and
   each block's overhead, an upper bound. -1 for a batch below 1, or when
   cnnc could not size the buffers. */
int64_t cnnrt_model_workspace_bytes(const cnnrt_model *model, int64_t batch);

/* Training (objects compiled with a loss and an optimizer; others fail with a
   message). `labels` are int32 class indices, batch x (output size / classes),
   for sparse_categorical_crossentropy, and floats, batch x output size, for
   the other losses: the *_float_labels variants take those. `loss` gets the
   batch's mean loss; `accuracy` the fraction of correct predictions (argmax,
   or a 0.5 threshold for binary_crossentropy on probabilities, 0 on logits). */
int cnnrt_model_train_step(cnnrt_model *model, const float *input,
                           const int32_t *labels, int64_t batch, float *loss);
int cnnrt_model_evaluate(cnnrt_model *model, const float *input,
                         const int32_t *labels, int64_t batch, float *loss,
                         float *accuracy);
int cnnrt_model_compute_gradients(cnnrt_model *model, const float *input,
                                  const int32_t *labels, int64_t batch,
                                  float *loss, float *grads);
int cnnrt_model_train_step_float_labels(cnnrt_model *model, const float *input,
                                        const float *labels, int64_t batch,
                                        float *loss);
int cnnrt_model_evaluate_float_labels(cnnrt_model *model, const float *input,
                                      const float *labels, int64_t batch,
                                      float *loss, float *accuracy);
int cnnrt_model_compute_gradients_float_labels(cnnrt_model *model,
                                               const float *input,
                                               const float *labels,
                                               int64_t batch, float *loss,
                                               float *grads);
/* One optimizer step with `grads` (trainable_count floats). */
int cnnrt_model_apply_gradients(cnnrt_model *model, const float *grads);
void cnnrt_model_set_learning_rate(cnnrt_model *model, float learning_rate);

/* All weights, float32 little-endian in the model file's order (a TF.js
   weight shard). Written to a temporary file beside `path`, then renamed. */
int cnnrt_model_save_weights(const cnnrt_model *model, const char *path);
/* Fails, leaving the weights unchanged, unless the file holds exactly them. */
int cnnrt_model_load_weights(cnnrt_model *model, const char *path);

/* The full training state (weights, optimizer slots, steps taken and the
   hyperparameters, learning rate included) as one versioned little-endian
   record at the file's position; for checkpoints of an instance of the same
   compiled model. read_state checks the record against the model (name,
   sizes, optimizer) and leaves the instance unchanged on any failure. Both
   use the instance exclusively; the caller owns `file`. */
int cnnrt_model_write_state(const cnnrt_model *model, FILE *file);
int cnnrt_model_read_state(cnnrt_model *model, FILE *file);

/* The message of the last failed call on `model` ("" if none). */
const char *cnnrt_model_error(const cnnrt_model *model);

/* Elements per sample of the input and output; weights (all, trainable). */
int64_t cnnrt_model_input_size(const cnnrt_model *model);
int64_t cnnrt_model_output_size(const cnnrt_model *model);
int64_t cnnrt_model_param_count(const cnnrt_model *model);
int64_t cnnrt_model_trainable_count(const cnnrt_model *model);
const cnnrt_model_info *cnnrt_model_get_info(const cnnrt_model *model);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_MODEL_H */
