// The members of a Keras 3 `.keras` archive (a zip) that cnnc reads, through libzip.
#include "Frontend/KerasArchive.h"
#include "Frontend/Limits.h"

#include <zip.h>

#include <memory>

using namespace llvm;

namespace cnnc {

namespace {
struct ZipCloser {
  void operator()(zip_t *zip) const { zip_discard(zip); }
};
struct MemberCloser {
  void operator()(zip_file_t *file) const { zip_fclose(file); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;
using Member = std::unique_ptr<zip_file_t, MemberCloser>;

/// What a .keras holds beyond the weights' bytes: HDF5's own structures.
constexpr zip_uint64_t hdf5Overhead = zip_uint64_t(64) << 20;
} // namespace

/// The bytes of member `name`, refused above `limit` before it is read.
static Expected<std::vector<char>> readMember(zip_t *zip, const char *name, zip_uint64_t limit) {
  zip_int64_t index = zip_name_locate(zip, name, 0);
  if (index < 0)
    return createStringError(Twine("the archive has no ") + name);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip, zip_uint64_t(index), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
    return createStringError(Twine("cannot read the size of ") + name + ": " + zip_strerror(zip));
  if (stat.size > limit)
    return createStringError(Twine(name) + " is " + Twine(stat.size) +
                             " bytes: cnnc reads at most " + Twine(limit));
  Member member(zip_fopen_index(zip, zip_uint64_t(index), 0));
  if (!member)
    return createStringError(Twine("cannot open ") + name + ": " + zip_strerror(zip));
  std::vector<char> bytes(stat.size);
  zip_uint64_t done = 0;
  while (done < stat.size) {
    zip_int64_t got = zip_fread(member.get(), bytes.data() + done, stat.size - done);
    if (got <= 0)
      return createStringError(Twine("cannot read ") + name + ": " +
                               (got < 0 ? zip_file_strerror(member.get()) : "it ends early"));
    done += zip_uint64_t(got);
  }
  return bytes;
}

Expected<KerasArchive> readKerasArchive(const std::string &path, bool withWeights) {
  int code = 0;
  Zip zip(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
  if (!zip) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return createStringError("not a readable zip archive (" + message + ")");
  }
  KerasArchive archive;
  auto config = readMember(zip.get(), "config.json", maxModelJsonBytes);
  if (!config)
    return config.takeError();
  archive.config.assign(config->begin(), config->end());
  if (withWeights) {
    auto weights = readMember(zip.get(), "model.weights.h5",
                              zip_uint64_t(maxModelParameters) * 8 + hdf5Overhead);
    if (!weights)
      return weights.takeError();
    archive.weights = std::move(*weights);
  }
  return archive;
}

} // namespace cnnc
