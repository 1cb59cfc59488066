// The .npy/.npz reader on files numpy wrote (when /usr/bin/python3 has numpy), files built here byte by byte
// (zipped with libzip), and broken ones: each must fail with the file's name and what is wrong.
#include "cnnrt/npz.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {
using Bytes = std::vector<unsigned char>;

std::string tempPath(const std::string &name) {
  return std::string(::testing::TempDir()) + "cnnrt_npz_" + name;
}

// A version 1.0 .npy: magic, header padded with spaces to a multiple of 64, data.
Bytes npy(const std::string &descr, const std::string &shape, const Bytes &data,
          const std::string &fortran = "False") {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran +
                     ", 'shape': " + shape + ", }";
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  Bytes b = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
             static_cast<unsigned char>(dict.size() & 0xff),
             static_cast<unsigned char>(dict.size() >> 8)};
  b.insert(b.end(), dict.begin(), dict.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes iota(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i)
    b[i] = static_cast<unsigned char>(i * 3);
  return b;
}

template <typename T> Bytes bytesOf(const std::vector<T> &values) {
  Bytes b(values.size() * sizeof(T));
  std::memcpy(b.data(), values.data(), b.size());
  return b;
}

void writeFile(const std::string &path, const Bytes &b) {
  FILE *f = fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  fwrite(b.data(), 1, b.size(), f);
  fclose(f);
}

// An .npz of the given members ("x_train.npy" -> bytes), deflated like np.savez_compressed.
void writeZip(const std::string &path,
              const std::vector<std::pair<std::string, Bytes>> &members) {
  std::remove(path.c_str());
  int code = 0;
  zip_t *zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(zip, nullptr) << code;
  for (const auto &[name, bytes] : members) {
    zip_source_t *src = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(zip, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  ASSERT_EQ(zip_close(zip), 0);
}

// Expects `status` to be a failure whose message holds every piece of `want`.
void expectError(int status, const char *err, std::vector<std::string> want) {
  EXPECT_NE(status, 0);
  for (const std::string &w : want)
    EXPECT_NE(std::string(err).find(w), std::string::npos)
        << "'" << err << "' lacks '" << w << "'";
}

bool haveNumpy() {
  return std::system("/usr/bin/python3 -c 'import numpy' > /dev/null 2>&1") == 0;
}
} // namespace

TEST(NpyReader, ReadsEachDtype) {
  struct Case {
    const char *descr;
    cnnrt_dtype dtype;
    Bytes data;
  } cases[] = {
      {"|u1", CNNRT_DTYPE_UINT8, iota(6)},
      {"<f4", CNNRT_DTYPE_FLOAT32, bytesOf<float>({0.5f, -1, 2, 3, 4, 1e-3f})},
      {"<i4", CNNRT_DTYPE_INT32, bytesOf<int32_t>({-7, 1, 2, 3, 4, 100000})},
      {"<i8", CNNRT_DTYPE_INT64, bytesOf<int64_t>({-7, 1, 2, 3, 4, 1ll << 40})},
  };
  for (const Case &c : cases) {
    std::string path = tempPath(std::string("dtype") + c.descr[2] + c.descr[1] + ".npy");
    writeFile(path, npy(c.descr, "(2, 3)", c.data));
    cnnrt_array a;
    char err[256] = "";
    ASSERT_EQ(cnnrt_npy_read(path.c_str(), &a, err, sizeof err), 0) << err;
    EXPECT_EQ(a.dtype, c.dtype);
    EXPECT_EQ(a.rank, 2);
    EXPECT_EQ(a.dims[0], 2);
    EXPECT_EQ(a.dims[1], 3);
    EXPECT_EQ(a.count, 6);
    EXPECT_EQ(std::memcmp(a.data, c.data.data(), c.data.size()), 0) << c.descr;
    cnnrt_array_free(&a);
    EXPECT_EQ(a.data, nullptr);
  }
}

TEST(NpyReader, ScalarsAndEmptyArrays) {
  std::string scalar = tempPath("scalar.npy"), empty = tempPath("empty.npy");
  writeFile(scalar, npy("<f4", "()", bytesOf<float>({2.5f})));
  writeFile(empty, npy("|u1", "(0, 28, 28)", {}));
  cnnrt_array a;
  char err[256] = "";
  ASSERT_EQ(cnnrt_npy_read(scalar.c_str(), &a, err, sizeof err), 0) << err;
  EXPECT_EQ(a.rank, 0);
  EXPECT_EQ(a.count, 1);
  EXPECT_EQ(static_cast<float *>(a.data)[0], 2.5f);
  cnnrt_array_free(&a);
  ASSERT_EQ(cnnrt_npy_read(empty.c_str(), &a, err, sizeof err), 0) << err;
  EXPECT_EQ(a.rank, 3);
  EXPECT_EQ(a.count, 0);
  cnnrt_array_free(&a);
}

TEST(NpyReader, ReportsBadFiles) {
  cnnrt_array a;
  char err[512];
  std::string path = tempPath("bad.npy");
  auto check = [&](const Bytes &bytes, std::vector<std::string> want) {
    writeFile(path, bytes);
    std::memset(err, 0, sizeof err);
    want.push_back(path);
    expectError(cnnrt_npy_read(path.c_str(), &a, err, sizeof err), err, want);
    EXPECT_EQ(a.data, nullptr);
  };
  Bytes good = npy("<f4", "(4,)", bytesOf<float>({1, 2, 3, 4}));
  check(Bytes(good.begin(), good.end() - 1), {"truncated data", "16 bytes"});
  check(Bytes(good.begin(), good.begin() + 40), {"truncated .npy header"});
  check(Bytes(good.begin(), good.begin() + 5), {"not a .npy file"});
  Bytes longer = good;
  longer.push_back(0);
  check(longer, {"bytes after the array's data"});
  check({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}, {"not a .npy file", "bad magic"});
  check(npy(">f4", "(1,)", bytesOf<float>({1})), {"unsupported dtype '>f4'"});
  check(npy("<f8", "(1,)", bytesOf<double>({1})), {"unsupported dtype '<f8'"});
  check(npy("<f4", "(2, 2)", bytesOf<float>({1, 2, 3, 4}), "True"), {"Fortran order"});
  check(npy("<f4", "[2, 2]", bytesOf<float>({1, 2, 3, 4})), {"bad .npy header", "shape"});
  check(npy("<f4", "(2, x)", bytesOf<float>({1, 2, 3, 4})), {"bad .npy header", "shape"});
  check(npy("<f4", "(1000000000, 1000000000, 1000000000)", {}), {"bad .npy header"});
  check(npy("<f4", "(100000000000,)", {}), {"truncated data"});
  Bytes version9 = good;
  version9[6] = 9;
  check(version9, {"unsupported .npy version 9.0"});
  Bytes noShape = npy("<f4", "(4,)", bytesOf<float>({1, 2, 3, 4}));
  std::string text(noShape.begin(), noShape.end());
  noShape[text.find("'shape'") + 1] = 'S';
  check(noShape, {"bad .npy header: no 'shape'"});

  expectError(cnnrt_npy_read("/nonexistent/x.npy", &a, err, sizeof err), err,
              {"/nonexistent/x.npy", "No such file"});
}

TEST(NpzReader, ReadsMembersAndListsKeysWhenOneIsMissing) {
  std::string path = tempPath("made.npz");
  writeZip(path, {{"x_train.npy", npy("|u1", "(2, 2, 2)", iota(8))},
                  {"y_train.npy", npy("<i8", "(2,)", bytesOf<int64_t>({3, 9}))}});
  cnnrt_array x, y;
  char err[512] = "";
  ASSERT_EQ(cnnrt_npz_read(path.c_str(), "x_train", &x, err, sizeof err), 0) << err;
  ASSERT_EQ(cnnrt_npz_read(path.c_str(), "y_train.npy", &y, err, sizeof err), 0) << err;
  EXPECT_EQ(x.count, 8);
  EXPECT_EQ(static_cast<uint8_t *>(x.data)[7], 21);
  std::vector<float> pixels(8);
  cnnrt_array_to_float(&x, 1.0f / 255, pixels.data());
  EXPECT_FLOAT_EQ(pixels[7], 21.0f / 255);
  std::vector<float> unit(8);
  cnnrt_u8_to_unit_float(static_cast<uint8_t *>(x.data), 8, unit.data());
  EXPECT_FLOAT_EQ(unit[7], 21.0f / 255);
  int32_t labels[2];
  ASSERT_EQ(cnnrt_array_to_int32(&y, labels, err, sizeof err), 0) << err;
  EXPECT_EQ(labels[1], 9);
  static_cast<int64_t *>(y.data)[0] = 1ll << 40;
  expectError(cnnrt_array_to_int32(&y, labels, err, sizeof err), err, {"outside int32"});
  cnnrt_array_free(&x);
  cnnrt_array_free(&y);

  expectError(cnnrt_npz_read(path.c_str(), "x_test", &x, err, sizeof err), err,
              {path, "no array 'x_test'", "x_train, y_train"});
  EXPECT_EQ(x.data, nullptr);
}

TEST(NpzReader, ReportsBadArchivesAndMembers) {
  char err[512];
  cnnrt_array a;
  std::string path = tempPath("bad.npz");
  writeZip(path, {{"f.npy", npy("<f4", "(2, 2)", bytesOf<float>({1, 2, 3, 4}), "True")},
                  {"short.npy", npy("<f4", "(3,)", bytesOf<float>({1, 2}))},
                  {"text.npy", {'h', 'i'}}});
  expectError(cnnrt_npz_read(path.c_str(), "f", &a, err, sizeof err), err,
              {path, "array 'f'", "Fortran order"});
  expectError(cnnrt_npz_read(path.c_str(), "short", &a, err, sizeof err), err,
              {path, "array 'short'", "truncated data"});
  expectError(cnnrt_npz_read(path.c_str(), "text", &a, err, sizeof err), err,
              {path, "array 'text'", "not a .npy file"});

  // A cut archive loses its central directory: libzip refuses it.
  FILE *f = fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  Bytes whole(4096);
  whole.resize(fread(whole.data(), 1, whole.size(), f));
  fclose(f);
  std::string cut = tempPath("cut.npz");
  writeFile(cut, Bytes(whole.begin(), whole.begin() + whole.size() / 2));
  expectError(cnnrt_npz_read(cut.c_str(), "f", &a, err, sizeof err), err,
              {cut, "not a readable .npz (zip) archive"});
  std::string plain = tempPath("plain.npz");
  writeFile(plain, npy("|u1", "(2,)", iota(2)));
  expectError(cnnrt_npz_read(plain.c_str(), "x", &a, err, sizeof err), err,
              {plain, "not a readable .npz (zip) archive"});
  expectError(cnnrt_npz_read("/nonexistent/m.npz", "x", &a, err, sizeof err), err,
              {"/nonexistent/m.npz"});
}

TEST(NpzReader, ReadsWhatNumpyWrites) {
  if (!haveNumpy())
    GTEST_SKIP() << "/usr/bin/python3 has no numpy";
  std::string plain = tempPath("numpy.npz"), compressed = tempPath("numpy_c.npz"),
              single = tempPath("numpy.npy");
  std::string script =
      "/usr/bin/python3 -c \"import numpy as np; "
      "x = (np.arange(3 * 28 * 28) % 256).astype(np.uint8).reshape(3, 28, 28); "
      "y = np.array([7, 2, 1], dtype=np.uint8); "
      "np.savez('" + plain + "', x_train=x, y_train=y, x_test=x[:1], "
      "y_test=y[:1].astype(np.int64)); "
      "np.savez_compressed('" + compressed + "', x_train=x, y_train=y); "
      "np.save('" + single + "', np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4))\"";
  ASSERT_EQ(std::system(script.c_str()), 0);
  for (const std::string &path : {plain, compressed}) {
    cnnrt_array x, y;
    char err[512] = "";
    ASSERT_EQ(cnnrt_npz_read(path.c_str(), "x_train", &x, err, sizeof err), 0) << err;
    ASSERT_EQ(cnnrt_npz_read(path.c_str(), "y_train", &y, err, sizeof err), 0) << err;
    EXPECT_EQ(x.dtype, CNNRT_DTYPE_UINT8);
    EXPECT_EQ(x.rank, 3);
    EXPECT_EQ(x.dims[2], 28);
    EXPECT_EQ(static_cast<uint8_t *>(x.data)[1000], 1000 % 256);
    EXPECT_EQ(static_cast<uint8_t *>(y.data)[0], 7);
    cnnrt_array_free(&x);
    cnnrt_array_free(&y);
  }
  cnnrt_array t;
  char err[512] = "";
  ASSERT_EQ(cnnrt_npz_read(plain.c_str(), "y_test", &t, err, sizeof err), 0) << err;
  EXPECT_EQ(t.dtype, CNNRT_DTYPE_INT64);
  EXPECT_EQ(static_cast<int64_t *>(t.data)[0], 7);
  cnnrt_array_free(&t);
  ASSERT_EQ(cnnrt_npy_read(single.c_str(), &t, err, sizeof err), 0) << err;
  EXPECT_EQ(t.dtype, CNNRT_DTYPE_FLOAT32);
  EXPECT_FLOAT_EQ(static_cast<float *>(t.data)[11], 1.0f);
  cnnrt_array_free(&t);
}
