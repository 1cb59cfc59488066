// Read-only access to an HDF5 file (Keras' .h5 files and the weights inside a .keras archive)
// through libhdf5.
#include "Frontend/Hdf5File.h"

#include "cnn/IR/CheckedSize.h"

#include <hdf5.h>

#include <cstring>
#include <new>

using namespace llvm;

namespace cnnc {

namespace {
/// An HDF5 identifier, closed by `close` when it goes.
class Handle {
public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  ~Handle() {
    if (id >= 0)
      close(id);
  }
  explicit operator bool() const { return id >= 0; }
  hid_t get() const { return id; }

private:
  hid_t id;
  herr_t (*close)(hid_t);
};

/// Turns off libhdf5's printing of its error stack (cnnc reports errors itself).
void silenceLibrary() {
  static bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

/// Attributes are small; a larger one is not one Keras writes.
constexpr hsize_t maxAttributeBytes = hsize_t(1) << 28;
} // namespace

Expected<Hdf5File> Hdf5File::open(const std::string &path) {
  silenceLibrary();
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0)
    return createStringError("not a readable HDF5 file");
  return Hdf5File(id);
}

Expected<Hdf5File> Hdf5File::openImage(const std::vector<char> &image) {
  silenceLibrary();
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // The core (in-memory) driver, on a copy of the image.
  if (!access || H5Pset_fapl_core(access.get(), 1 << 16, 0) < 0 ||
      H5Pset_file_image(access.get(), const_cast<char *>(image.data()), image.size()) < 0)
    return createStringError("cannot set up an in-memory HDF5 file");
  hid_t id = H5Fopen("in-memory.h5", H5F_ACC_RDONLY, access.get());
  if (id < 0)
    return createStringError("not a readable HDF5 file");
  return Hdf5File(id);
}

Hdf5File::Hdf5File(Hdf5File &&other) noexcept : id(other.id) { other.id = -1; }

Hdf5File::~Hdf5File() {
  if (id >= 0)
    H5Fclose(id);
}

bool Hdf5File::has(const std::string &path) const {
  // "." and "/" are the root; otherwise each prefix "a", "a/b", ... must be a link.
  if (path == "." || path == "/")
    return true;
  size_t start = !path.empty() && path[0] == '/' ? 1 : 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == start)
      return false; // "a//b" or a trailing "/"
    std::string prefix = path.substr(0, slash);
    // Only hard links: a soft or external one could lead anywhere, another file included.
    H5L_info_t link;
    if (H5Lexists(id, prefix.c_str(), H5P_DEFAULT) <= 0 ||
        H5Lget_info(id, prefix.c_str(), &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD)
      return false;
    if (slash == std::string::npos)
      return true;
    start = slash + 1;
  }
}

bool Hdf5File::hasAttribute(const std::string &path, const std::string &name) const {
  return has(path) && H5Aexists_by_name(id, path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

Expected<std::vector<std::string>> Hdf5File::stringListAttribute(const std::string &path,
                                                                 const std::string &name) const {
  std::string what = "attribute '" + name + "' of '" + path + "'";
  if (!hasAttribute(path, name))
    return createStringError("no " + what);
  Handle attribute(H5Aopen_by_name(id, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   H5Aclose);
  Handle type(attribute ? H5Aget_type(attribute.get()) : -1, H5Tclose);
  Handle space(attribute ? H5Aget_space(attribute.get()) : -1, H5Sclose);
  if (!type || !space)
    return createStringError("cannot read the " + what);
  hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0 || H5Sget_simple_extent_ndims(space.get()) > 1)
    return createStringError("the " + what + " is not a string or a list of strings");
  std::vector<std::string> strings;
  if (count == 0) // Keras writes an empty list as an empty array of floats
    return strings;
  if (H5Tget_class(type.get()) != H5T_STRING)
    return createStringError("the " + what + " is not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    std::vector<char *> pointers(static_cast<size_t>(count), nullptr);
    if (H5Aread(attribute.get(), memory.get(), pointers.data()) < 0)
      return createStringError("cannot read the " + what);
    for (char *p : pointers)
      strings.push_back(p ? p : "");
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
    return strings;
  }
  size_t size = H5Tget_size(type.get());
  if (size == 0 || hsize_t(size) * hsize_t(count) > maxAttributeBytes)
    return createStringError("the " + what + " is too large");
  Handle memory(H5Tcopy(type.get()), H5Tclose);
  std::vector<char> buffer(size * static_cast<size_t>(count));
  if (H5Aread(attribute.get(), memory.get(), buffer.data()) < 0)
    return createStringError("cannot read the " + what);
  for (hssize_t i = 0; i < count; ++i) {
    const char *s = buffer.data() + static_cast<size_t>(i) * size;
    strings.emplace_back(s, strnlen(s, size));
  }
  return strings;
}

Expected<std::string> Hdf5File::stringAttribute(const std::string &path,
                                                const std::string &name) const {
  auto strings = stringListAttribute(path, name);
  if (!strings)
    return strings.takeError();
  if (strings->size() != 1)
    return createStringError("attribute '" + name + "' of '" + path + "' holds " +
                             Twine(strings->size()) + " strings, expected one");
  return std::move(strings->front());
}

Expected<std::vector<std::string>> Hdf5File::members(const std::string &path) const {
  if (!has(path))
    return createStringError("no group '" + path + "'");
  Handle group(H5Gopen2(id, path.c_str(), H5P_DEFAULT), H5Gclose);
  H5G_info_t info;
  if (!group || H5Gget_info(group.get(), &info) < 0)
    return createStringError("'" + path + "' is not a group");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t length = H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0,
                                        H5P_DEFAULT);
    if (length < 0)
      return createStringError("cannot list the group '" + path + "'");
    std::string name(static_cast<size_t>(length), '\0');
    H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                       name.size() + 1, H5P_DEFAULT);
    names.push_back(std::move(name));
  }
  return names;
}

Expected<Hdf5Floats> Hdf5File::readFloats(const std::string &path, int64_t maxElements) const {
  if (!has(path))
    return createStringError("no dataset '" + path + "'");
  Handle dataset(H5Dopen2(id, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset)
    return createStringError("'" + path + "' is not a dataset");
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  Handle creation(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!type || !space || !creation)
    return createStringError("cannot read the dataset '" + path + "'");
  // Its values must be in this file: not in external raw files or other files' datasets.
  if (H5Pget_layout(creation.get()) == H5D_VIRTUAL || H5Pget_external_count(creation.get()) != 0)
    return createStringError("the dataset '" + path +
                             "' keeps its values outside the file (external "
                             "storage or a virtual dataset): cnnc reads only the file it is given");
  size_t bytes = H5Tget_size(type.get());
  if (H5Tget_class(type.get()) != H5T_FLOAT || (bytes != 2 && bytes != 4 && bytes != 8))
    return createStringError("the dataset '" + path +
                             "' is not of float16, float32 or float64 (Keras' "
                             "bfloat16 and quantized weights are not supported)");
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 8)
    return createStringError("the dataset '" + path + "' has rank " + Twine(rank) +
                             ": expected at most 8");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  Hdf5Floats result;
  for (hsize_t d : dims)
    result.shape.push_back(d > hsize_t(INT64_MAX) ? -1 : static_cast<int64_t>(d));
  std::optional<int64_t> count = cnn::checkedElementCount(result.shape);
  if (!count || *count > maxElements)
    return createStringError("the dataset '" + path + "' is too large: expected at most " +
                             Twine(maxElements) + " elements");
  result.count = *count;
  result.values.reset(new (std::nothrow) float[std::max<int64_t>(*count, 1)]);
  if (!result.values)
    return createStringError("cannot allocate memory for the dataset '" + path + "'");
  if (*count && H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        result.values.get()) < 0)
    return createStringError("cannot read the dataset '" + path + "' (truncated or damaged file?)");
  return result;
}

} // namespace cnnc
