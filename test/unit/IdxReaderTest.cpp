// The runtime's IDX reader on small files it did not write itself: plain, gzip, and broken ones.
#include "cnnrt/idx.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {
std::vector<unsigned char> idxBytes(std::vector<int32_t> dims, int type = 0x08) {
  std::vector<unsigned char> bytes = {0, 0, static_cast<unsigned char>(type),
                                      static_cast<unsigned char>(dims.size())};
  size_t count = 1;
  for (int32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(static_cast<unsigned char>(d >> shift));
    count *= d;
  }
  for (size_t i = 0; i < count; ++i)
    bytes.push_back(static_cast<unsigned char>(i * 7));
  return bytes;
}

std::string tempPath(const char *name) {
  return std::string(::testing::TempDir()) + name;
}

void writePlain(const std::string &path, const std::vector<unsigned char> &b) {
  FILE *f = fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  fwrite(b.data(), 1, b.size(), f);
  fclose(f);
}

void writeGzip(const std::string &path, const std::vector<unsigned char> &b) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, b.data(), static_cast<unsigned>(b.size()));
  gzclose(f);
}
} // namespace

TEST(IdxReader, ReadsPlainAndGzip) {
  auto bytes = idxBytes({3, 4, 5});
  std::string plain = tempPath("cnnrt_plain.idx"), gz = tempPath("cnnrt.idx.gz");
  writePlain(plain, bytes);
  writeGzip(gz, bytes);
  for (const std::string &path : {plain, gz}) {
    cnnrt_idx idx;
    char err[256] = "";
    ASSERT_EQ(cnnrt_idx_read(path.c_str(), &idx, err, sizeof err), 0) << err;
    EXPECT_EQ(idx.rank, 3);
    EXPECT_EQ(idx.dims[0], 3);
    EXPECT_EQ(idx.dims[1], 4);
    EXPECT_EQ(idx.dims[2], 5);
    EXPECT_EQ(idx.count, 60);
    EXPECT_EQ(idx.data[59], static_cast<unsigned char>(59 * 7));
    cnnrt_idx_free(&idx);
  }
}

TEST(IdxReader, ReportsTruncationTypeAndMissingFiles) {
  cnnrt_idx idx;
  char err[256];
  auto bytes = idxBytes({2, 3});
  bytes.pop_back();
  std::string truncated = tempPath("cnnrt_truncated.idx");
  writePlain(truncated, bytes);
  EXPECT_NE(cnnrt_idx_read(truncated.c_str(), &idx, err, sizeof err), 0);
  EXPECT_NE(std::string(err).find("truncated IDX data"), std::string::npos) << err;
  EXPECT_EQ(idx.data, nullptr);

  std::string floats = tempPath("cnnrt_floats.idx");
  writePlain(floats, idxBytes({1}, 0x0D));
  EXPECT_NE(cnnrt_idx_read(floats.c_str(), &idx, err, sizeof err), 0);
  EXPECT_NE(std::string(err).find("unsupported IDX element type"), std::string::npos);

  EXPECT_NE(cnnrt_idx_read("/nonexistent/x.idx", &idx, err, sizeof err), 0);
  EXPECT_NE(std::string(err).find("/nonexistent/x.idx"), std::string::npos);
}

// A header is not trusted for the allocation: a 16-byte file claiming 2^48 bytes is truncated (the
// reader did not ask for 2^48 bytes first), and a file of several MiB is still read whole.
TEST(IdxReader, AllocatesWhatArrivesNotWhatTheHeaderClaims) {
  std::vector<unsigned char> claims = {0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 1, 2, 3, 4};
  std::string huge = tempPath("cnnrt_claims_huge.idx");
  writePlain(huge, claims);
  cnnrt_idx idx;
  char err[256];
  EXPECT_NE(cnnrt_idx_read(huge.c_str(), &idx, err, sizeof err), 0);
  EXPECT_NE(std::string(err).find("truncated IDX data"), std::string::npos) << err;
  EXPECT_EQ(idx.data, nullptr);

  auto bytes = idxBytes({3, 1000, 1000});
  std::string large = tempPath("cnnrt_large.idx.gz");
  writeGzip(large, bytes);
  ASSERT_EQ(cnnrt_idx_read(large.c_str(), &idx, err, sizeof err), 0) << err;
  EXPECT_EQ(idx.count, 3000000);
  EXPECT_EQ(idx.data[2999999], bytes.back());
  cnnrt_idx_free(&idx);
}
