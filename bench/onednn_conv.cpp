// One conv layer (with its relu as a fused post-op) as a oneDNN convolution forward primitive, 1 thread:
// src and dst NHWC, weights in the format oneDNN picks (format_tag::any, reordered once from Keras' HWIO).
// Checks its outputs against cnnc's on the same weights, then times it at each batch size.
// Usage: onednn_conv MODEL PART DIR BATCH...  (DIR as for xnnpack_net; prints CSV rows, see timing.h)
#include "net_desc.h"
#include "timing.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <unordered_map>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

// A primitive for one batch size, with its memories bound to the caller's buffers.
struct conv_call {
  engine eng{engine::kind::cpu, 0};
  stream strm{eng};
  convolution_forward conv;
  std::unordered_map<int, memory> args;
  size_t scratchpad_bytes = 0;

  conv_call(const net_layer &l, memory::dim batch, const float *src, float *dst) {
    memory::dims src_dims = {batch, l.in_c, l.in_h, l.in_w};
    memory::dims wei_dims = {l.out_c, l.in_c, l.kh, l.kw};
    memory::dims dst_dims = {batch, l.out_c, l.out_h, l.out_w};
    auto src_md = memory::desc(src_dims, dt::f32, tag::nhwc);
    auto dst_md = memory::desc(dst_dims, dt::f32, tag::nhwc);
    auto bias_md = memory::desc({l.out_c}, dt::f32, tag::a);
    auto any_wei = memory::desc(wei_dims, dt::f32, tag::any);
    convolution_forward::desc d(prop_kind::forward_inference, algorithm::convolution_direct, src_md,
                                any_wei, bias_md, dst_md, {l.sh, l.sw}, {l.pt, l.pl}, {l.pb, l.pr});
    primitive_attr attr;
    if (l.act == ACT_RELU) {
      post_ops ops;
      ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
      attr.set_post_ops(ops);
    }
    attr.set_scratchpad_mode(scratchpad_mode::user);
    convolution_forward::primitive_desc pd(d, attr, eng);
    conv = convolution_forward(pd);

    memory user_wei({wei_dims, dt::f32, tag::hwio}, eng, const_cast<float *>(l.kernel));
    memory wei(pd.weights_desc(), eng);
    reorder(user_wei, wei).execute(strm, user_wei, wei);
    strm.wait();
    scratchpad_bytes = pd.scratchpad_desc().get_size();
    args = {{DNNL_ARG_SRC, memory(src_md, eng, const_cast<float *>(src))},
            {DNNL_ARG_WEIGHTS, wei},
            {DNNL_ARG_BIAS, memory(bias_md, eng, const_cast<float *>(l.bias))},
            {DNNL_ARG_DST, memory(dst_md, eng, dst)},
            {DNNL_ARG_SCRATCHPAD, memory(pd.scratchpad_desc(), eng)}};
  }

  static int run(void *self) {
    auto *c = static_cast<conv_call *>(self);
    c->conv.execute(c->strm, c->args);
    c->strm.wait();
    return 0;
  }
};

std::vector<float> read_in(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t count = 0;
  float *data = bench_read_floats(path, &count);
  if (!data) {
    fprintf(stderr, "onednn_conv: cannot read %s\n", path);
    exit(1);
  }
  std::vector<float> out(data, data + count);
  free(data);
  return out;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s MODEL PART DIR BATCH...\n", argv[0]);
    return 2;
  }
  const char *model = argv[1], *part = argv[2], *dir = argv[3];
  omp_set_num_threads(1); // oneDNN runs on OpenMP in Debian's build
  net_desc desc;
  char path[4096];
  snprintf(path, sizeof path, "%s/model.net", dir);
  std::vector<float> weights = read_in(dir, "weights.bin"), check_in = read_in(dir, "check_in.bin");
  if (net_read(path, &desc) || net_bind_weights(&desc, weights.data(), weights.size()))
    return 1;
  if (desc.count != 1 || desc.layers[0].kind != LAYER_CONV) {
    fprintf(stderr, "onednn_conv: %s is not a single conv layer\n", path);
    return 1;
  }
  const net_layer &l = desc.layers[0];
  size_t in_size = net_input_size(&desc), out_size = net_output_size(&desc);
  int threads = omp_get_max_threads();
  try {
    std::vector<float> check_out(out_size * BENCH_CHECK_BATCH);
    conv_call check(l, BENCH_CHECK_BATCH, check_in.data(), check_out.data());
    conv_call::run(&check);
    snprintf(path, sizeof path, "%s/check_out.bin", dir);
    if (check_in.size() != in_size * BENCH_CHECK_BATCH ||
        bench_check("onednn", model, part, threads, check_out.data(), path, check_out.size()))
      return 1;

    bench_budget budget = bench_budget_from_env();
    for (int a = 4; a < argc; ++a) {
      long batch = atol(argv[a]);
      std::vector<float> input(in_size * batch), output(out_size * batch);
      for (size_t i = 0; i < input.size(); ++i)
        input[i] = (float)(i % 251) / 251.0f;
      double t0 = bench_now_s();
      conv_call call(l, batch, input.data(), output.data());
      bench_row("onednn", model, part, batch, threads, "setup_s", bench_now_s() - t0);
      bench_stats s;
      if (bench_run(conv_call::run, &call, budget, &s))
        return 1;
      bench_rows("onednn", model, part, batch, threads, &s);
      bench_row("onednn", model, part, batch, threads, "workspace_bytes", (double)call.scratchpad_bytes);
    }
  } catch (const dnnl::error &e) {
    fprintf(stderr, "onednn_conv: %s/%s: %s (status %d)\n", model, part, e.what(), (int)e.status);
    return 1;
  }
  bench_row("onednn", model, part, 0, threads, "peak_rss_kb", (double)bench_peak_rss_kb());
  return 0;
}
