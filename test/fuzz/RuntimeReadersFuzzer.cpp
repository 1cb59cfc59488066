// libFuzzer target for every file reader of the cnnrt runtime: .npy, .npz (zip), IDX (plain or gzip),
// training-state records (cnnrt_model_read_state) and weight files (cnnrt_model_load_weights).
//
// Each input is written to one file and offered to every reader; each rejects what is not its format by
// its magic, so the seeds steer. Besides crashes (and ASan/UBSan reports), it traps when a reader
// accepts something it then misdescribes: an array whose count is not the product of its dims, or a
// state record that does not write back as the same bytes.
#include "cnnrt/idx.h"
#include "cnnrt/model.h"
#include "cnnrt/npz.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {
/// A Dense 2 -> 3 model with Adam (two slots per weight), without code: what a
/// state record or a weight file is read into.
const int64_t inputShape[] = {-1, 2}, outputShape[] = {-1, 3};
const int64_t kernelShape[] = {2, 3}, biasShape[] = {3};
const float initialParams[9] = {};
const float hyperDefaults[CNNRT_HYPER_COUNT] = {0.001f, 0, 0.9f, 0.999f, 1e-7f};
const cnnrt_weight_info weights[] = {{"dense/kernel", kernelShape, 0, 2, 1},
                                     {"dense/bias", biasShape, 6, 1, 1}};

cnnrt_model_info denseInfo() {
  cnnrt_model_info info = {};
  info.abi_version = CNNRT_ABI_VERSION;
  info.cpu_features = "";
  info.input_rank = info.output_rank = 2;
  info.weight_count = 2;
  info.name = "fuzz";
  info.input_shape = inputShape;
  info.output_shape = outputShape;
  info.param_count = info.trainable_count = 9;
  info.initial_params = initialParams;
  info.weights = weights;
  info.optimizer = CNNRT_OPTIMIZER_ADAM;
  info.optimizer_slots = 2;
  info.hyper_defaults = hyperDefaults;
  return info;
}

void check(bool condition, const char *what) {
  if (!condition) {
    std::fprintf(stderr, "runtime readers fuzzer: %s\n", what);
    __builtin_trap();
  }
}

void checkArray(const cnnrt_array &array) {
  int64_t count = 1;
  for (int i = 0; i < array.rank; ++i)
    count *= array.dims[i];
  check(array.rank >= 0 && array.rank <= CNNRT_ARRAY_MAX_RANK && count == array.count &&
            array.data,
        "an array's count is not the product of its dims");
  std::vector<float> floats(static_cast<size_t>(array.count));
  std::vector<int32_t> labels(static_cast<size_t>(array.count));
  cnnrt_array_to_float(&array, 1.0f / 255, floats.data());
  char err[256];
  (void)cnnrt_array_to_int32(&array, labels.data(), err, sizeof err);
}

void readArrays(const char *path) {
  char err[512];
  cnnrt_array array;
  if (cnnrt_npy_read(path, &array, err, sizeof err) == 0)
    checkArray(array);
  cnnrt_array_free(&array);
  if (cnnrt_npz_read(path, "x", &array, err, sizeof err) == 0)
    checkArray(array);
  cnnrt_array_free(&array);
  cnnrt_idx idx;
  if (cnnrt_idx_read(path, &idx, err, sizeof err) == 0) {
    int64_t count = 1;
    for (int i = 0; i < idx.rank; ++i)
      count *= idx.dims[i];
    check(count == idx.count && idx.data, "an IDX count is not the product of its dims");
  }
  cnnrt_idx_free(&idx);
}

/// A state record that is read must write back as the bytes read.
void readState(cnnrt_model *model, const uint8_t *data, size_t size) {
  FILE *file = fmemopen(const_cast<uint8_t *>(data), size, "rb");
  if (!file)
    return;
  if (cnnrt_model_read_state(model, file) == 0) {
    long consumed = std::ftell(file);
    char *written = nullptr;
    size_t writtenSize = 0;
    FILE *out = open_memstream(&written, &writtenSize);
    check(out && cnnrt_model_write_state(model, out) == 0 && std::fclose(out) == 0,
          "a state that was read cannot be written");
    check(consumed >= 0 && writtenSize == static_cast<size_t>(consumed) &&
              std::memcmp(written, data, writtenSize) == 0,
          "a state read does not write back as the same bytes");
    std::free(written);
  } else {
    check(cnnrt_model_error(model)[0] != '\0', "read_state failed without a message");
  }
  std::fclose(file);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = [] {
    const char *dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/cnnrt-readers-fuzzer." +
           std::to_string(getpid());
  }();
  static const cnnrt_model_info info = denseInfo();
  FILE *file = std::fopen(path.c_str(), "wb");
  check(file && (size == 0 || std::fwrite(data, 1, size, file) == size) &&
            std::fclose(file) == 0,
        "cannot write the input file");
  readArrays(path.c_str());

  cnnrt_model *model = cnnrt_model_create(&info);
  check(model != nullptr, "cannot create the model");
  readState(model, data, size);
  if (cnnrt_model_load_weights(model, path.c_str()) != 0)
    check(cnnrt_model_error(model)[0] != '\0', "load_weights failed without a message");
  cnnrt_model_destroy(model);
  std::remove(path.c_str());
  return 0;
}
