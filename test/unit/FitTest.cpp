// cnnrt_fit on a model "compiled" by hand (y = w x + b, mean squared error, SGD, with MLIR's memref calling
// convention): it converges, its shuffle covers every sample once per epoch with a last partial batch,
// resume equals a straight run, a diverging run stops, and bad arguments give messages.
#include "cnnrt/fit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {
// The head of every strided memref descriptor; sizes (then strides) follow.
struct Memref {
  void *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[1];
};

float *data(void *d) { return static_cast<Memref *>(d)->aligned; }
int64_t batchOf(void *d) { return static_cast<Memref *>(d)->sizes[0]; }

// What each sample's gradient step saw, to check the shuffle: the inputs of every batch.
std::vector<std::vector<float>> *seenBatches = nullptr;

void forward(void *params, void *input, void *output) {
  const float *p = data(params), *x = data(input);
  for (int64_t i = 0; i < batchOf(input); ++i)
    data(output)[i] = p[0] * x[i] + p[1];
}

void evaluate(void *params, void *input, void *labels, void *loss, void *output) {
  forward(params, input, output);
  double sum = 0;
  for (int64_t i = 0; i < batchOf(input); ++i) {
    double e = data(output)[i] - data(labels)[i];
    sum += e * e;
  }
  data(loss)[0] = static_cast<float>(sum / batchOf(input));
}

void gradients(void *params, void *input, void *labels, void * /*seed*/, void *loss,
               void *grads, void * /*updated*/) {
  const float *p = data(params), *x = data(input), *y = data(labels);
  int64_t n = batchOf(input);
  if (seenBatches)
    seenBatches->emplace_back(x, x + n);
  double sum = 0, gw = 0, gb = 0;
  for (int64_t i = 0; i < n; ++i) {
    double e = p[0] * x[i] + p[1] - y[i];
    sum += e * e, gw += 2 * e * x[i] / n, gb += 2 * e / n;
  }
  data(loss)[0] = static_cast<float>(sum / n);
  data(grads)[0] = static_cast<float>(gw);
  data(grads)[1] = static_cast<float>(gb);
}

void applySgd(void *params, void *slots, void *grads, void *hyper) {
  (void)slots;
  for (int i = 0; i < 2; ++i)
    data(params)[i] -= data(hyper)[CNNRT_HYPER_LEARNING_RATE] * data(grads)[i];
}

const int64_t kShape[] = {-1, 1};
const int64_t kScalar[] = {1};
const float kInitial[] = {0, 0};
const float kHyper[CNNRT_HYPER_COUNT] = {0.1f};
const cnnrt_weight_info kWeights[] = {{"lin/kernel", kScalar, 0, 1, 1},
                                      {"lin/bias", kScalar, 1, 1, 1}};

cnnrt_model_info linearInfo(bool training) {
  cnnrt_model_info info;
  std::memset(&info, 0, sizeof info);
  info.abi_version = CNNRT_ABI_VERSION;
  info.cpu_features = "";
  info.input_rank = info.output_rank = 2;
  info.weight_count = 2;
  info.name = "lin";
  info.input_shape = info.output_shape = kShape;
  info.param_count = info.trainable_count = 2;
  info.initial_params = kInitial;
  info.weights = kWeights;
  info.forward = forward;
  if (training) {
    info.evaluate = evaluate;
    info.gradients = gradients;
    info.apply_gradients = applySgd;
    info.loss = CNNRT_LOSS_MEAN_SQUARED_ERROR;
    info.optimizer = CNNRT_OPTIMIZER_SGD;
    info.hyper_defaults = kHyper;
  }
  return info;
}

// y = 2x + 1 on x in [-1, 1].
struct Line {
  std::vector<float> x, y;
  cnnrt_dataset set;
  explicit Line(int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      x.push_back(-1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(n));
      y.push_back(2 * x.back() + 1);
    }
    set = {x.data(), y.data(), n};
  }
};

std::string tempPath(const char *name) {
  return std::string(::testing::TempDir()) + "cnnrt_fit_" + name;
}

std::vector<float> params(cnnrt_model *m) {
  std::vector<float> p(2);
  float x[2] = {0, 1}, y[2];
  EXPECT_EQ(cnnrt_model_predict(m, x, 2, y), 0);
  p[0] = y[1] - y[0], p[1] = y[0];
  return p;
}

cnnrt_fit_options quiet(int epochs, int64_t batch) {
  cnnrt_fit_options o;
  cnnrt_fit_options_default(&o);
  o.epochs = epochs;
  o.batch_size = batch;
  o.verbose = CNNRT_FIT_QUIET;
  return o;
}
} // namespace

TEST(Fit, ConvergesAndVisitsEverySampleOncePerEpoch) {
  cnnrt_model_info info = linearInfo(true);
  cnnrt_model *m = cnnrt_model_create(&info);
  ASSERT_NE(m, nullptr);
  // One gradient call per batch, on this thread: seenBatches records them in order.
  ASSERT_EQ(cnnrt_model_set_num_threads(m, 1), 0);
  Line train(100), val(20);
  std::vector<std::vector<float>> batches;
  seenBatches = &batches;
  cnnrt_fit_options o = quiet(30, 16);
  cnnrt_fit_result r;
  char err[256] = "";
  ASSERT_EQ(cnnrt_fit(m, &train.set, &val.set, &o, &r, err, sizeof err), 0) << err;
  seenBatches = nullptr;
  EXPECT_EQ(r.status, CNNRT_FIT_FINISHED);
  EXPECT_EQ(r.epochs_done, 30);
  EXPECT_EQ(r.steps, 30 * 7); // 6 batches of 16 and one of 4
  EXPECT_LT(r.last.loss, 1e-3);
  EXPECT_LT(r.last.val_loss, 1e-3);
  std::vector<float> p = params(m);
  EXPECT_NEAR(p[0], 2, 0.05);
  EXPECT_NEAR(p[1], 1, 0.05);
  ASSERT_EQ(batches.size(), 30u * 7);
  for (int epoch = 0; epoch < 30; ++epoch) {
    std::vector<float> all;
    for (int b = 0; b < 7; ++b) {
      const auto &batch = batches[epoch * 7 + b];
      EXPECT_EQ(batch.size(), b < 6 ? 16u : 4u);
      all.insert(all.end(), batch.begin(), batch.end());
    }
    if (epoch < 2) {
      EXPECT_NE(all, train.x) << "epoch " << epoch + 1 << " was not shuffled";
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, train.x) << "epoch " << epoch + 1;
  }
  cnnrt_model_destroy(m);
}

TEST(Fit, ResumeEqualsAStraightRun) {
  cnnrt_model_info info = linearInfo(true);
  Line train(50);
  std::string ck = tempPath("resume.ck"), csv = tempPath("resume.csv");
  std::remove(ck.c_str());
  char err[256] = "";

  cnnrt_model *straight = cnnrt_model_create(&info);
  cnnrt_fit_options o = quiet(5, 8);
  ASSERT_EQ(cnnrt_fit(straight, &train.set, nullptr, &o, nullptr, err, sizeof err), 0) << err;

  cnnrt_model *first = cnnrt_model_create(&info);
  o = quiet(2, 8);
  o.checkpoint = ck.c_str();
  o.history_csv = csv.c_str();
  ASSERT_EQ(cnnrt_fit(first, &train.set, nullptr, &o, nullptr, err, sizeof err), 0) << err;
  cnnrt_model *resumed = cnnrt_model_create(&info); // a fresh process would have fresh weights
  o.epochs = 5;
  o.resume = 1;
  cnnrt_fit_result r;
  ASSERT_EQ(cnnrt_fit(resumed, &train.set, nullptr, &o, &r, err, sizeof err), 0) << err;
  EXPECT_EQ(r.first_epoch, 3);
  EXPECT_EQ(r.steps, 3 * 7);
  std::vector<float> a = params(straight), b = params(resumed);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), 2 * sizeof(float)), 0)
      << a[0] << " " << a[1] << " vs " << b[0] << " " << b[1];
  FILE *f = fopen(csv.c_str(), "r");
  ASSERT_NE(f, nullptr);
  int lines = 0;
  for (int c; (c = fgetc(f)) != EOF;)
    lines += c == '\n';
  fclose(f);
  EXPECT_EQ(lines, 6); // the header and five epochs
  cnnrt_model_destroy(straight);
  cnnrt_model_destroy(first);
  cnnrt_model_destroy(resumed);
}

TEST(Fit, StopsOnANonFiniteLossWithoutApplyingThatStep) {
  cnnrt_model_info info = linearInfo(true);
  cnnrt_model *m = cnnrt_model_create(&info);
  Line train(64);
  cnnrt_model_set_learning_rate(m, 1e30f);
  cnnrt_fit_options o = quiet(3, 8);
  cnnrt_fit_result r;
  char err[256] = "";
  EXPECT_NE(cnnrt_fit(m, &train.set, nullptr, &o, &r, err, sizeof err), 0);
  EXPECT_EQ(r.status, CNNRT_FIT_NOT_FINITE);
  EXPECT_NE(std::string(err).find("at epoch 1, batch "), std::string::npos) << err;
  for (float p : params(m))
    EXPECT_TRUE(std::isfinite(p));
  cnnrt_model_destroy(m);
}

TEST(Fit, ExplainsBadArguments) {
  cnnrt_model_info plainInfo = linearInfo(false), info = linearInfo(true);
  cnnrt_model *plain = cnnrt_model_create(&plainInfo), *m = cnnrt_model_create(&info);
  Line train(10);
  char err[256];
  cnnrt_fit_options o = quiet(1, 4);
  auto expect = [&](cnnrt_model *model, const cnnrt_dataset *t, const char *want) {
    std::memset(err, 0, sizeof err);
    EXPECT_NE(cnnrt_fit(model, t, nullptr, &o, nullptr, err, sizeof err), 0);
    EXPECT_NE(std::string(err).find(want), std::string::npos) << err;
  };
  expect(plain, &train.set, "compiled without a loss and an optimizer");
  expect(m, nullptr, "the training set needs");
  o.batch_size = 0;
  expect(m, &train.set, "batch_size and eval_batch_size must be >= 1");
  o = quiet(1, 4);
  o.resume = 1;
  expect(m, &train.set, "resume needs a checkpoint path");
  o = quiet(1, 4);
  o.checkpoint = "/nonexistent/dir/x.ck";
  expect(m, &train.set, "cannot create a file beside the checkpoint '/nonexistent/dir/x.ck'");
  o = quiet(1, 4);
  o.history_csv = "/nonexistent/dir/h.csv";
  expect(m, &train.set, "cannot write the history '/nonexistent/dir/h.csv'");
  EXPECT_NE(cnnrt_fit(nullptr, &train.set, nullptr, &o, nullptr, err, sizeof err), 0);
  cnnrt_model_destroy(plain);
  cnnrt_model_destroy(m);
}
