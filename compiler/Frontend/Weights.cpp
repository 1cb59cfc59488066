// Weights read from a TF.js weightsManifest and its binary shards, looked up by layer and weight name.
#include "Frontend/Weights.h"
#include "Frontend/Json.h"
#include "Frontend/WeightShards.h"

#include "cnn/IR/CheckedSize.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/SwapByteOrder.h"

#include <cmath>
#include <cstring>
#include <new>

using json = nlohmann::json;
using namespace mlir;
using cnn::checkedAdd;
using cnn::checkedElementCount;
using cnn::checkedMul;

namespace cnnc {

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// Reads the shape list of a manifest entry: non-negative integers.
static FailureOr<std::vector<int64_t>> readShape(const json &entry,
                                                 const std::string &where,
                                                 const std::string &name,
                                                 Location fileLoc) {
  auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array())
    return emitError(fileLoc) << where << ": weight '" << name
                              << "' has no shape list";
  std::vector<int64_t> extents;
  for (const json &d : *shape) {
    bool fits = d.is_number_integer() &&
                !(d.is_number_unsigned() && d.get<uint64_t>() > uint64_t(INT64_MAX));
    if (!fits || d.get<int64_t>() < 0)
      return emitError(fileLoc) << where << ": weight '" << name << "' has a bad shape "
                                << briefJson(*shape)
                                << ": expected a list of non-negative integers";
    extents.push_back(d.get<int64_t>());
  }
  return extents;
}

/// Reads one manifest entry (its name, shape and element count; no values)
/// and checks it is float32 and not too large.
static FailureOr<WeightTensor> readEntry(const json &entry, const std::string &where,
                                         Location fileLoc) {
  auto nameIt = entry.is_object() ? entry.find("name") : entry.end();
  if (!entry.is_object() || nameIt == entry.end() || !nameIt->is_string())
    return emitError(fileLoc) << where << ": expected {\"name\", \"shape\", \"dtype\"}";
  WeightTensor tensor;
  tensor.name = nameIt->get<std::string>();
  tensor.where = where;
  auto dtype = entry.find("dtype");
  if (dtype == entry.end() || *dtype != "float32")
    return emitError(fileLoc) << where << ": weight '" << tensor.name
                              << "' has unsupported dtype "
                              << (dtype == entry.end() ? "(none)" : briefJson(*dtype))
                              << ": only float32 weights are supported";
  if (entry.contains("quantization"))
    return emitError(fileLoc) << where << ": weight '" << tensor.name
                              << "' is quantized: quantized weights are not supported";
  auto shape = readShape(entry, where, tensor.name, fileLoc);
  if (failed(shape))
    return failure();
  tensor.shape = std::move(*shape);
  std::optional<int64_t> count = checkedElementCount(tensor.shape);
  if (!count || *count > maxWeightElements)
    return emitError(fileLoc) << where << ": weight '" << tensor.name << "' of shape "
                              << shapeToString(tensor.shape)
                              << " is too large: expected at most 2^30 elements";
  tensor.count = *count;
  return tensor;
}

/// "NaN", "+Inf" or "-Inf".
static const char *describeNonFinite(float value) {
  if (std::isnan(value))
    return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

/// The index of element `flat` of `shape` in row-major order: "[1, 2]".
static std::string indexToString(int64_t flat, const std::vector<int64_t> &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    index[i] = flat % shape[i];
    flat /= shape[i];
  }
  return shapeToString(index);
}

/// Reads a weight's values from the group's stream of shard bytes
/// (little-endian float32, as TF.js writes them).
static LogicalResult readValues(WeightTensor &tensor, ShardReader &reader,
                                Location fileLoc) {
  // Checked against maxWeightElements, so the product cannot overflow.
  int64_t bytes = *checkedMul(tensor.count, sizeof(float));
  tensor.data.reset(new (std::nothrow) float[tensor.count]);
  if (!tensor.data)
    return emitError(fileLoc) << tensor.where << ": cannot allocate " << bytes
                              << " bytes for weight '" << tensor.name << "'";
  if (failed(reader.read({reinterpret_cast<char *>(tensor.data.get()),
                          static_cast<size_t>(bytes)})))
    return failure();
  if (llvm::sys::IsBigEndianHost)
    for (int64_t i = 0; i < tensor.count; ++i) {
      uint32_t word;
      std::memcpy(&word, &tensor.data[i], sizeof(word));
      word = llvm::byteswap(word);
      std::memcpy(&tensor.data[i], &word, sizeof(word));
    }
  return checkFiniteWeight(tensor, fileLoc);
}

LogicalResult checkFiniteWeight(const WeightTensor &tensor, Location fileLoc) {
  for (int64_t i = 0; i < tensor.count; ++i)
    if (!std::isfinite(tensor.data[i]))
      return emitError(fileLoc)
             << tensor.where << ": weight '" << tensor.name << "' holds "
             << describeNonFinite(tensor.data[i]) << " at element " << i << " (index "
             << indexToString(i, tensor.shape)
             << "): expected finite numbers (cnnc refuses NaN and Inf weights)";
  return success();
}

/// "a.bin, b.bin", or "no files", for messages.
static std::string listFiles(const json &paths) {
  std::string list;
  for (const json &p : paths)
    list += (list.empty() ? "" : ", ") + (p.is_string() ? p.get<std::string>() : briefJson(p));
  return list.empty() ? "no files" : list;
}

namespace {
/// Reads the groups of a manifest into one store.
class ManifestReader {
public:
  ManifestReader(const std::string &dir, Location fileLoc)
      : dir(dir), fileLoc(fileLoc) {}

  LogicalResult readGroup(const json &group, const std::string &where);
  WeightStore::Entries takeWeights() { return std::move(byName); }

private:
  FailureOr<std::vector<WeightTensor>> readEntries(const json &entries,
                                                   const std::string &where);
  LogicalResult checkShardBytes(const std::vector<WeightTensor> &tensors,
                                const std::vector<ShardFile> &shards,
                                const json &paths, const std::string &where);

  const std::string &dir;
  Location fileLoc;
  WeightStore::Entries byName;
};
} // namespace

FailureOr<std::vector<WeightTensor>>
ManifestReader::readEntries(const json &entries, const std::string &where) {
  std::vector<WeightTensor> tensors;
  std::map<std::string, std::string> inGroup; // name -> where
  for (size_t w = 0; w < entries.size(); ++w) {
    auto tensor = readEntry(entries[w], where + ".weights[" + std::to_string(w) + "]",
                            fileLoc);
    if (failed(tensor))
      return failure();
    auto earlier = byName.find(tensor->name);
    auto earlierInGroup = inGroup.find(tensor->name);
    if (earlier != byName.end() || earlierInGroup != inGroup.end())
      return emitError(fileLoc)
             << tensor->where << ": weight '" << tensor->name << "' is listed twice (also at "
             << (earlier != byName.end() ? earlier->second.where : earlierInGroup->second)
             << "): expected each weight name once";
    inGroup[tensor->name] = tensor->where;
    tensors.push_back(std::move(*tensor));
  }
  return tensors;
}

/// The shards must hold exactly the group's weights: a shorter file would
/// leave weights unread, a longer one means the manifest does not describe it.
LogicalResult ManifestReader::checkShardBytes(const std::vector<WeightTensor> &tensors,
                                              const std::vector<ShardFile> &shards,
                                              const json &paths,
                                              const std::string &where) {
  int64_t held = 0;
  for (const ShardFile &shard : shards) {
    std::optional<int64_t> sum = checkedAdd(held, shard.size);
    if (!sum)
      return emitError(fileLoc) << where << ": weight shards are too large to read";
    held = *sum;
  }
  int64_t needed = 0;
  const WeightTensor *firstPastEnd = nullptr;
  for (const WeightTensor &tensor : tensors) {
    // Each weight is at most 4 GiB, so only the sum needs checking.
    std::optional<int64_t> sum = checkedAdd(needed, *checkedMul(tensor.count, sizeof(float)));
    if (!sum)
      return emitError(fileLoc) << where << ": the weights' sizes add up to more than "
                                   "cnnc can hold";
    needed = *sum;
    if (needed > held && !firstPastEnd)
      firstPastEnd = &tensor;
  }
  if (held == needed)
    return success();
  InFlightDiagnostic diag = emitError(fileLoc)
                            << where << ": weight shards (" << listFiles(paths)
                            << ") hold " << held << " bytes, but the manifest's weights need exactly "
                            << needed;
  if (firstPastEnd)
    diag << ": weight '" << firstPastEnd->name << "' (" << firstPastEnd->where
         << ") goes past their end";
  else
    diag << ": expected shards holding the listed weights and nothing more";
  return diag;
}

LogicalResult ManifestReader::readGroup(const json &group, const std::string &where) {
  auto paths = group.is_object() ? group.find("paths") : group.end();
  auto entries = group.is_object() ? group.find("weights") : group.end();
  if (!group.is_object() || paths == group.end() || entries == group.end() ||
      !entries->is_array())
    return emitError(fileLoc) << where << ": expected {\"paths\", \"weights\"}";
  auto tensors = readEntries(*entries, where);
  if (failed(tensors))
    return failure();
  auto shards = checkShardFiles(*paths, dir, where + ".paths", fileLoc);
  if (failed(shards) || failed(checkShardBytes(*tensors, *shards, *paths, where)))
    return failure();
  ShardReader reader(*shards, fileLoc);
  for (WeightTensor &tensor : *tensors) {
    if (failed(readValues(tensor, reader, fileLoc)))
      return failure();
    tensor.order = byName.size();
    std::string name = tensor.name;
    byName.emplace(std::move(name), std::move(tensor));
  }
  return success();
}

FailureOr<WeightStore> WeightStore::readManifest(const json &manifest,
                                                 const std::string &dir,
                                                 Location fileLoc) {
  if (!manifest.is_array())
    return emitError(fileLoc) << "$.weightsManifest: expected a list of groups";
  ManifestReader reader(dir, fileLoc);
  for (size_t g = 0; g < manifest.size(); ++g)
    if (failed(reader.readGroup(manifest[g],
                                "$.weightsManifest[" + std::to_string(g) + "]")))
      return failure();
  WeightStore store;
  store.byName = reader.takeWeights();
  store.fromFile = true;
  return store;
}

WeightStore WeightStore::fromTensors(std::vector<WeightTensor> tensors, std::string source) {
  WeightStore store;
  for (WeightTensor &tensor : tensors) {
    tensor.order = store.byName.size();
    std::string name = tensor.name;
    store.byName.emplace(std::move(name), std::move(tensor));
  }
  store.fromFile = true;
  store.source = std::move(source);
  return store;
}

std::vector<const WeightTensor *> WeightStore::matches(const std::string &layer,
                                                       const std::string &kind) const {
  std::string exact = layer + "/" + kind;
  auto it = byName.find(exact);
  if (it != byName.end())
    return {&it->second};
  std::vector<const WeightTensor *> found;
  std::string suffix = "/" + exact;
  for (const auto &[name, tensor] : byName)
    if (llvm::StringRef(name).ends_with(suffix))
      found.push_back(&tensor);
  return found;
}

const WeightTensor *WeightStore::find(const std::string &layer,
                                      const std::string &kind) const {
  std::vector<const WeightTensor *> found = matches(layer, kind);
  return found.size() == 1 ? found.front() : nullptr;
}

FailureOr<const WeightTensor *> WeightStore::lookup(const std::string &layer,
                                                    const std::string &kind,
                                                    const std::vector<int64_t> &shape,
                                                    Location loc) const {
  std::string exact = layer + "/" + kind;
  std::vector<const WeightTensor *> found = matches(layer, kind);
  if (found.empty())
    return emitError(loc) << "missing weight '" << exact << "' of shape "
                          << shapeToString(shape) << " in " << source
                          << (byName.empty() ? " (it lists no weights)" : "");
  if (found.size() > 1) {
    InFlightDiagnostic diag = emitError(loc) << "weight '" << exact
                                             << "' is ambiguous in " << source << ": ";
    for (size_t i = 0; i < found.size(); ++i)
      diag << (i ? ", " : "") << "'" << found[i]->name << "' (" << found[i]->where << ")";
    diag << " all end in '/" << exact << "': expected one weight named '" << exact
         << "', or only one ending so";
    return diag;
  }
  if (found.front()->shape != shape)
    return emitError(loc) << "weight '" << exact << "' has shape "
                          << shapeToString(found.front()->shape) << " ("
                          << found.front()->where << "), expected " << shapeToString(shape);
  return found.front();
}

} // namespace cnnc
