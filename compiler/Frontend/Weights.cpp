// Weights read from a TF.js weightsManifest and its binary shards, looked up by layer and weight name.
#include "Frontend/Weights.h"
#include "Frontend/Json.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

namespace {
/// One group's shards, concatenated.
struct GroupBytes {
  std::string data;
  std::string files; // for messages: "a.bin, b.bin"
};
} // namespace

static FailureOr<GroupBytes> readShards(const json &paths, const std::string &dir,
                                        const std::string &where,
                                        Location fileLoc) {
  if (!paths.is_array() || paths.empty())
    return emitError(fileLoc) << where << ".paths: expected a list of shard files";
  GroupBytes group;
  for (const json &p : paths) {
    if (!p.is_string())
      return emitError(fileLoc) << where << ".paths: expected file names, got "
                                << briefJson(p);
    llvm::SmallString<256> file(dir);
    llvm::sys::path::append(file, p.get<std::string>());
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(fileLoc) << where << ": cannot read weight shard '"
                                << file << "': " << buffer.getError().message();
    group.data += (*buffer)->getBuffer().str();
    group.files += (group.files.empty() ? "" : ", ") + file.str().str();
  }
  return group;
}

/// Reads the shape of one manifest entry and checks it is float32.
static LogicalResult readEntry(const json &entry, const std::string &where,
                               Location fileLoc, std::string &name,
                               WeightTensor &tensor) {
  if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string())
    return emitError(fileLoc) << where << ": expected {\"name\", \"shape\", \"dtype\"}";
  name = entry["name"];
  auto dtype = entry.find("dtype");
  if (dtype == entry.end() || *dtype != "float32")
    return emitError(fileLoc) << where << ": weight '" << name
                              << "' has unsupported dtype "
                              << (dtype == entry.end() ? "(none)" : briefJson(*dtype))
                              << ": only float32 weights are supported";
  if (entry.contains("quantization"))
    return emitError(fileLoc) << where << ": weight '" << name
                              << "' is quantized: quantized weights are not supported";
  const json *shape = entry.contains("shape") ? &entry["shape"] : nullptr;
  if (!shape || !shape->is_array())
    return emitError(fileLoc) << where << ": weight '" << name
                              << "' has no shape list";
  for (const json &d : *shape) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      return emitError(fileLoc) << where << ": weight '" << name
                                << "' has a bad shape " << briefJson(*shape);
    tensor.shape.push_back(d.get<int64_t>());
  }
  return success();
}

FailureOr<WeightStore> WeightStore::readManifest(const json &manifest,
                                                 const std::string &dir,
                                                 Location fileLoc) {
  WeightStore store;
  if (!manifest.is_array())
    return emitError(fileLoc) << "$.weightsManifest: expected a list of groups";
  for (size_t g = 0; g < manifest.size(); ++g) {
    std::string where = "$.weightsManifest[" + std::to_string(g) + "]";
    const json &group = manifest[g];
    if (!group.is_object() || !group.contains("paths") ||
        !group.contains("weights") || !group["weights"].is_array())
      return emitError(fileLoc) << where << ": expected {\"paths\", \"weights\"}";
    auto bytes = readShards(group["paths"], dir, where, fileLoc);
    if (failed(bytes))
      return failure();
    size_t offset = 0;
    const json &entries = group["weights"];
    for (size_t w = 0; w < entries.size(); ++w) {
      std::string name;
      WeightTensor tensor;
      if (failed(readEntry(entries[w], where + ".weights[" + std::to_string(w) + "]",
                           fileLoc, name, tensor)))
        return failure();
      size_t count = 1;
      for (int64_t d : tensor.shape)
        count *= static_cast<size_t>(d);
      size_t size = count * sizeof(float);
      if (offset + size > bytes->data.size())
        return emitError(fileLoc)
               << where << ": weight shards (" << bytes->files << ") hold "
               << bytes->data.size() << " bytes, but the manifest needs at least "
               << offset + size << " (through weight '" << name << "')";
      tensor.values.resize(count);
      std::memcpy(tensor.values.data(), bytes->data.data() + offset, size);
      offset += size;
      tensor.order = store.byName.size();
      store.byName[name] = std::move(tensor);
    }
  }
  return store;
}

const WeightTensor *WeightStore::find(const std::string &layer,
                                      const std::string &kind) const {
  std::string suffix = layer + "/" + kind;
  for (const auto &[name, tensor] : byName)
    if (name == suffix || llvm::StringRef(name).ends_with("/" + suffix))
      return &tensor;
  return nullptr;
}

} // namespace cnnc
