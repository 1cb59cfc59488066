// Read-only access to an HDF5 file (Keras' .h5 files and the weights inside a .keras archive) through libhdf5.
#ifndef CNNC_FRONTEND_HDF5FILE_H
#define CNNC_FRONTEND_HDF5FILE_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cnnc {

/// A dataset's values as float32 and its shape.
struct Hdf5Floats {
  std::vector<int64_t> shape;
  std::unique_ptr<float[]> values;
  int64_t count = 0;
};

/// An open HDF5 file. Paths are HDF5 paths ("model_weights/conv2d"); every
/// failure is an llvm::Error whose message names the path and what was
/// expected. libhdf5's own error printing is turned off.
class Hdf5File {
public:
  /// The file at `path`.
  static llvm::Expected<Hdf5File> open(const std::string &path);
  /// A file held in memory (e.g. read from a zip archive; libhdf5 copies it).
  static llvm::Expected<Hdf5File> openImage(const std::vector<char> &image);

  Hdf5File(Hdf5File &&other) noexcept;
  Hdf5File &operator=(Hdf5File &&) = delete;
  Hdf5File(const Hdf5File &) = delete;
  ~Hdf5File();

  /// Whether every component of `path` exists (a group or a dataset) and is
  /// a hard link: soft and external links are not followed.
  bool has(const std::string &path) const;
  /// Whether the object at `path` has the attribute `name`.
  bool hasAttribute(const std::string &path, const std::string &name) const;
  /// The attribute as one string (fixed or variable length; a list of one).
  llvm::Expected<std::string> stringAttribute(const std::string &path,
                                              const std::string &name) const;
  /// The attribute as a list of strings (a scalar is a list of one).
  llvm::Expected<std::vector<std::string>> stringListAttribute(const std::string &path,
                                                               const std::string &name) const;
  /// The names of the members of the group at `path`, in name order.
  llvm::Expected<std::vector<std::string>> members(const std::string &path) const;
  /// The float dataset at `path` (float16, float32 or float64; converted to
  /// float32), refused above `maxElements` elements before anything is read,
  /// and refused if its values are stored outside the file.
  llvm::Expected<Hdf5Floats> readFloats(const std::string &path, int64_t maxElements) const;

private:
  explicit Hdf5File(int64_t id) : id(id) {}
  int64_t id; // hid_t
};

} // namespace cnnc

#endif
