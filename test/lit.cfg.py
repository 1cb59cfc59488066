# lit configuration of cnnc's tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "cnnc"
# bash runs the RUN lines, so that $(cnnc --print-link-flags) works as in the README.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "oracle", "fuzz", "integration/harness.c",
                   "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cnnc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["cnnc", "cnn-opt", "cnnc-unit-tests"],
                                   [config.cnnc_tools_dir])

# Independent oracles: Debian's python3 with numpy, and TF.js (pure JS) from npm.
oracle = os.path.join(config.cnnc_src_root, "test", "oracle")
config.substitutions.append(("%py3", "/usr/bin/python3"))
config.substitutions.append(("%tfjs_case", "node " + os.path.join(oracle, "make_case.js")))
config.substitutions.append(("%compare", "/usr/bin/python3 " + os.path.join(
    config.cnnc_src_root, "test", "integration", "compare.py")))
config.substitutions.append(("%check_summary", "/usr/bin/python3 " + os.path.join(
    config.cnnc_src_root, "test", "integration", "check_summary.py")))
config.substitutions.append(("%numpy_case", "/usr/bin/python3 " + os.path.join(oracle, "numpy_cases.py")))
config.substitutions.append(("%cnnc_bin", os.path.join(config.cnnc_tools_dir, "cnnc")))
config.substitutions.append(("%harness", os.path.join(
    config.cnnc_src_root, "test", "integration", "harness.c")))
config.substitutions.append(("%cnnrt_include", os.path.join(
    config.cnnc_src_root, "runtime", "include")))
config.substitutions.append(("%examples", os.path.join(config.cnnc_src_root, "examples")))
