# lit configuration of cnnc's tests.
import os
import platform
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "cnnc"
# bash runs the RUN lines, so that $(cnnc --print-link-flags) works as in the README.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "oracle", "corpus", "reproducers", "integration/harness.c",
                   "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cnnc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# `lit --param cnnc_flags="--no-tile"` runs every test with those flags added to each cnnc command, through
# a wrapper named cnnc (scripts/check-pass-flags.sh runs the numeric tests with each combination).
cnnc_dir = config.cnnc_tools_dir
cnnc_flags = lit_config.params.get("cnnc_flags", "").strip()
if cnnc_flags:
    cnnc_dir = os.path.join(config.test_exec_root, "cnnc-with-flags")
    os.makedirs(cnnc_dir, exist_ok=True)
    wrapper = os.path.join(cnnc_dir, "cnnc")
    with open(wrapper, "w") as f:
        f.write('#!/bin/sh\n# cnnc with the flags lit was given (cnnc_flags)\n'
                'case "$*" in *--print-link-flags*) exec "%s" "$@" ;; esac\n'
                'exec "%s" %s "$@"\n' % ((os.path.join(config.cnnc_tools_dir, "cnnc"),) * 2 + (cnnc_flags,)))
    os.chmod(wrapper, 0o755)
    lit_config.note("cnnc runs with " + cnnc_flags)
llvm_config.add_tool_substitutions(["cnnc"], [cnnc_dir])
llvm_config.add_tool_substitutions(["cnn-opt", "cnnc-unit-tests"], [config.cnnc_tools_dir])

# Independent oracles: Debian's python3 with numpy, and TF.js (pure JS) from npm.
oracle = os.path.join(config.cnnc_src_root, "test", "oracle")
config.substitutions.append(("%py3", "/usr/bin/python3"))
config.substitutions.append(("%tfjs_case", "node " + os.path.join(oracle, "make_case.js")))
config.substitutions.append(("%compare", "/usr/bin/python3 " + os.path.join(
    config.cnnc_src_root, "test", "integration", "compare.py")))
config.substitutions.append(("%check_summary", "/usr/bin/python3 " + os.path.join(
    config.cnnc_src_root, "test", "integration", "check_summary.py")))
config.substitutions.append(("%numpy_case", "/usr/bin/python3 " + os.path.join(oracle, "numpy_cases.py")))
config.substitutions.append(("%cnnc_bin", os.path.join(cnnc_dir, "cnnc")))
config.substitutions.append(("%harness", os.path.join(
    config.cnnc_src_root, "test", "integration", "harness.c")))
config.substitutions.append(("%cnnrt_include", os.path.join(
    config.cnnc_src_root, "runtime", "include")))
config.substitutions.append(("%examples", os.path.join(config.cnnc_src_root, "examples")))
config.substitutions.append(("%cnnc_src", config.cnnc_src_root))

# The benchmark (bench/run.sh) and its peers: XNNPACK and oneDNN from Debian's -dev packages, and PyTorch.
config.substitutions.append(("%bench", os.path.join(config.cnnc_src_root, "bench")))
config.substitutions.append(("%cnnc_build", config.cnnc_obj_root))
bench_headers = ["/usr/include/xnnpack.h", "/usr/include/pthreadpool.h", "/usr/include/oneapi/dnnl/dnnl.hpp"]
if all(os.path.exists(h) for h in bench_headers) and subprocess.run(
        ["/usr/bin/python3", "-c", "import importlib.util, sys; sys.exit(not importlib.util.find_spec('torch'))"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("bench-peers")

# Data-parallel training (cnnrt_mpi): Open MPI's mpirun, allowed to run as root (CI's containers) and to
# put more ranks than cores on one machine; `timeout` ends a job that would hang.
if shutil.which("mpirun") and os.path.exists("/usr/lib/x86_64-linux-gnu/openmpi/include/mpi.h"):
    config.available_features.add("mpi")
# Under the sanitizers the ranks run without leak detection: Open MPI keeps allocations until exit, made
# from components it has unloaded by then, whose frames no suppression can name (ASan and UBSan still
# check every access; fit.test checks cnnrt_fit's own frees with leak detection on).
mpi_env = "env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1"
if config.cnnc_sanitize:
    mpi_env += " ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0:allocator_may_return_null=1"
config.substitutions.append(("%mpirun", mpi_env + " timeout 300 mpirun"))

# An x86 extension this machine's CPU lacks (LLVM's name), for the test that an object built for it is
# refused at create: the first of a few that CPUs of one vendor or age lack (/proc/cpuinfo's spelling).
cpu_flags = set()
if platform.machine() == "x86_64":
    config.available_features.add("x86_64")
if os.path.exists("/proc/cpuinfo"):
    for line in open("/proc/cpuinfo"):
        if line.startswith("flags"):
            cpu_flags = set(line.split(":", 1)[1].split())
            break
for llvm_name, linux_name in [("avx512fp16", "avx512_fp16"), ("amx-tile", "amx_tile"),
                              ("fma4", "fma4"), ("xop", "xop"), ("avx512vp2intersect", "avx512_vp2intersect")]:
    if cpu_flags and linux_name not in cpu_flags:
        config.available_features.add("absent-cpu-feature")
        config.substitutions.append(("%absent_cpu_feature", llvm_name))
        break

# Keras' own files (keras-files.test): written with Debian's python3-h5py.
if subprocess.run(["/usr/bin/python3", "-c", "import h5py"], stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("h5py")

# Cross-compiled runs (aarch64-qemu.test): Debian's cross gcc for 64-bit Arm and qemu-user.
if shutil.which("aarch64-linux-gnu-gcc") and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-cross")
else:
    lit_config.note("aarch64-qemu.test is skipped: it needs aarch64-linux-gnu-gcc and qemu-aarch64 "
                    "(scripts/install-deps.sh --tests installs gcc-aarch64-linux-gnu and qemu-user)")

# Mutations fuzz.test compiles: fewer under the sanitizers, where each compile is slower.
config.substitutions.append(("%mutation_runs", "40" if config.cnnc_sanitize else "150"))

# A sanitized build (CNNC_SANITIZE): `cc` is clang with the same sanitizers, and any report ends the
# program with SIGABRT, so that `not` and the crash checks of the tests' scripts see a crash, not an
# ordinary error exit. malloc returns NULL when it fails, as it does without ASan. Leaks are reported,
# LLVM's and MLIR's included: none needs a suppression today.
if config.cnnc_sanitize:
    config.available_features.add("sanitize")
    llvm_config.with_environment("PATH", config.cnnc_sanitized_bin, append_path=True)
    config.environment["ASAN_OPTIONS"] = ":".join([
        "halt_on_error=1", "abort_on_error=1", "detect_leaks=1", "allocator_may_return_null=1"])
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:abort_on_error=1:print_stacktrace=1"

# `ulimit -v N` for tests whose input must be refused before anything of its size is allocated. ASan
# reserves terabytes of address space at start, so under the sanitizers there is no limit (the refusal
# is still checked, and ASan reports a large allocation); tests that need memory to run out are
# UNSUPPORTED: sanitize.
config.substitutions.append(("%limit_address_space", "true" if config.cnnc_sanitize else "ulimit -v"))

# libFuzzer targets (CNNC_FUZZ): test/fuzz/*.test run them briefly on their seed corpora.
if config.cnnc_fuzz:
    config.available_features.add("fuzzers")
    llvm_config.add_tool_substitutions(["cnnc-model-reader-fuzzer", "cnnrt-readers-fuzzer"],
                                       [config.cnnc_tools_dir])
